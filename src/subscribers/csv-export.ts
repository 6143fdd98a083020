/** Streams every subscriber as CSV, in the plain format the import reads back. */
import { asc, gt } from 'drizzle-orm';
import { subscribers } from '../db/schema.js';
import type { Db } from '../db/types.js';

export const EXPORT_COLUMNS = ['email', 'name', 'persona', 'language', 'status', 'created_at'] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Quotes a CSV field when needed; a leading =+-@ is prefixed so spreadsheets never run it as a formula. */
export function csvField(value: string | null): string {
  let v = value ?? '';
  if (FORMULA_START.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Undoes csvField's formula guard, so an export imports back as it was ("'-a@b.co" → "-a@b.co"). */
export function unguardField(value: string): string {
  return value.charCodeAt(0) === 39 && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

export function exportCsv(db: Db, pageSize = 5000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = '';
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(EXPORT_COLUMNS.join(',') + '\r\n'));
        return;
      }
      if (cursor === null) return controller.close();
      const rows = await db
        .select()
        .from(subscribers)
        .where(cursor ? gt(subscribers.id, cursor) : undefined)
        .orderBy(asc(subscribers.id))
        .limit(pageSize);
      if (rows.length === 0) return controller.close();
      cursor = rows.length < pageSize ? null : rows[rows.length - 1].id;
      const text = rows
        .map((r) => [r.email, r.name, r.persona, r.language, r.status, r.createdAt].map(csvField).join(','))
        .join('\r\n');
      controller.enqueue(encoder.encode(text + '\r\n'));
    },
  });
}
