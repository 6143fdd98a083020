/**
 * Streaming CSV import. Rows are validated one by one and inserted in chunks; a bad row is
 * reported with its line number and reason and never stops the good ones. Existing addresses
 * are left untouched, so importing the same file twice changes nothing.
 */
import { parse } from 'csv-parse';
import { inArray } from 'drizzle-orm';
import { Readable } from 'node:stream';
import { chunkFor } from '../db/atomic.js';
import { subscribers, suppressions } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { listPersonas } from '../personas/store.js';
import { mapHeader, mapStatus, type CsvField } from './csv-columns.js';
import { emailHash, emailProblem, normaliseEmail } from './email.js';
import { nameProblem } from './fields.js';
import { newSubscriberId } from './ids.js';
import { normaliseLanguage } from './languages.js';

export interface ImportError {
  line: number;
  email?: string;
  reason: string;
}
export interface ImportReport {
  rows: number;
  imported: number;
  unchanged: number;
  failed: number;
  errors: ImportError[];
}

type Row = typeof subscribers.$inferInsert & { line: number };
const CHUNK = 2000;

export async function importCsv(db: Db, body: ReadableStream<Uint8Array>, now: Date): Promise<ImportReport> {
  const personas = await listPersonas(db);
  const known = new Set(personas.map((p) => p.slug));
  const fallbackPersona = (personas.find((p) => p.isDefault) ?? personas[0])?.slug ?? 'everyday';
  const iso = now.toISOString();
  const report: ImportReport = { rows: 0, imported: 0, unchanged: 0, failed: 0, errors: [] };
  const seen = new Map<string, number>();
  let fields: (CsvField | undefined)[] | null = null;
  let pending: Row[] = [];
  const fail = (line: number, reason: string, email?: string) => {
    report.failed++;
    report.errors.push({ line, reason, ...(email ? { email } : {}) });
  };

  const parser = Readable.fromWeb(body as import('node:stream/web').ReadableStream).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!fields) {
        fields = mapHeader(record);
        if (!fields.includes('email')) {
          throw new AppError('validation_error', 'file: no email column found in the header row (expected e.g. "email" or "Email Address")', { field: 'file' });
        }
        continue;
      }
      report.rows++;
      const line = info.lines;
      const v: Partial<Record<CsvField, string>> = {};
      fields.forEach((f, i) => {
        if (f && record[i] !== undefined) v[f] = record[i];
      });
      const email = normaliseEmail(v.email ?? '');
      const problem = emailProblem(email);
      if (problem) { fail(line, problem, email.slice(0, 254) || undefined); continue; }
      const dup = seen.get(email);
      if (dup !== undefined) { fail(line, `duplicate of line ${dup}`, email); continue; }
      seen.set(email, line);
      const name = (v.name ?? [v.firstName, v.lastName].filter((s) => s?.trim()).join(' ')).trim();
      const nameIssue = nameProblem(name);
      if (nameIssue) { fail(line, nameIssue, email); continue; }
      const persona = v.persona?.trim() || fallbackPersona;
      if (!known.has(persona)) { fail(line, `unknown persona "${persona.slice(0, 40)}"`, email); continue; }
      const language = v.language?.trim() ? normaliseLanguage(v.language) : 'en';
      if (!language) { fail(line, `unknown language "${v.language!.slice(0, 20)}"`, email); continue; }
      let status = mapStatus(v.status ?? '');
      if (!status) { fail(line, `unknown status "${v.status!.slice(0, 20)}"`, email); continue; }
      if (v.emailDisabled?.trim().toLowerCase() === 'true') status = 'unsubscribed';
      pending.push({
        line, id: newSubscriberId(now.getTime()), email, name: name || null, persona, language, status,
        source: 'import', createdAt: iso, updatedAt: iso,
        confirmedAt: status === 'active' ? iso : null, unsubscribedAt: status === 'unsubscribed' ? iso : null,
      });
      if (pending.length >= CHUNK) { await flush(db, pending, report, fail); pending = []; }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    if (e.code?.startsWith('CSV_')) {
      await flush(db, pending, report, fail);
      fail(e.lines ?? report.rows + 1, `unreadable CSV: ${e.message ?? e.code}`);
      return report;
    }
    throw err;
  }
  if (!fields) throw new AppError('validation_error', 'file: the CSV is empty', { field: 'file' });
  await flush(db, pending, report, fail);
  return report;
}

/** Inserts one chunk: suppressed addresses are refused; existing addresses are left as they are. */
async function flush(db: Db, rows: Row[], report: ImportReport, fail: (line: number, reason: string, email?: string) => void) {
  if (rows.length === 0) return;
  const hashes = new Map(rows.map((r) => [emailHash(r.email), r]));
  const suppressed = new Set<string>();
  for (const part of chunkFor(db, [...hashes.keys()], 1)) {
    const found = await db.select({ h: suppressions.emailHash }).from(suppressions).where(inArray(suppressions.emailHash, part));
    for (const f of found) suppressed.add(hashes.get(f.h)!.email);
  }
  const insertable = rows.filter((r) => {
    if (!suppressed.has(r.email)) return true;
    fail(r.line, 'address is suppressed (bounced or complained) and is never mailed again', r.email);
    return false;
  });
  for (const part of chunkFor(db, insertable, 12)) {
    const inserted = await db
      .insert(subscribers)
      .values(part.map(({ line: _line, ...row }) => row))
      .onConflictDoNothing({ target: subscribers.email })
      .returning({ id: subscribers.id });
    report.imported += inserted.length;
    report.unchanged += part.length - inserted.length;
  }
}
