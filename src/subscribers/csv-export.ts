/** Streams every subscriber as CSV, in the plain format the import reads back. */
import { stringify, type Options } from 'csv-stringify/sync';
import { asc, gt } from 'drizzle-orm';
import { subscribers } from '../db/schema.js';
import type { Db } from '../db/types.js';

export const EXPORT_COLUMNS = ['email', 'name', 'persona', 'language', 'status', 'created_at'] as const;

/**
 * A value that reads like a guarded one: apostrophes, then one of the first characters
 * csv-stringify's `escape_formulas` prefixes with `'` (= + - @ tab CR and their full-width forms
 * ＝ ＋ － ＠, which spreadsheets also take as a formula start).
 */
const LOOKS_GUARDED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

const OPTIONS: Options = {
  record_delimiter: 'windows',
  // With a record delimiter set, csv-stringify quotes only that sequence; a lone CR or LF must
  // be quoted too, or the import reads it as the end of the row.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: {
    // A value that already starts like a guarded one ("'=x") gets one more apostrophe, so the
    // import's unguard gives back exactly what was stored instead of eating its apostrophe.
    string: (value) => (LOOKS_GUARDED.test(value) ? `'${value}` : value),
  },
};

/** One CSV record per row, CRLF-ended, quoted where needed and with the formula guard. */
export function csvRecords(rows: readonly (readonly (string | null)[])[]): string {
  return stringify(rows as (string | null)[][], OPTIONS);
}

/** Undoes the export's formula guard, so an export imports back as it was ("'-a@b.co" → "-a@b.co"). */
export function unguardField(value: string): string {
  return LOOKS_GUARDED.test(value) ? value.slice(1) : value;
}

/**
 * The export as a byte stream: a page of subscribers is read only when the reader of the stream
 * wants more, so the whole list is never held. Each page goes through csv-stringify's sync API
 * (its stream API is a Node Transform; this also runs on Workers).
 */
export function exportCsv(db: Db, pageSize = 5000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = '';
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRecords([EXPORT_COLUMNS])));
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
      controller.enqueue(encoder.encode(csvRecords(rows.map((r) => [r.email, r.name, r.persona, r.language, r.status, r.createdAt]))));
    },
  });
}
