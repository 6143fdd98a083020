/**
 * Streaming CSV import. Rows are validated one by one and inserted in chunks; a bad row is
 * reported with its line number and reason and never stops the good ones. Existing addresses
 * are left untouched, so importing the same file twice changes nothing.
 */
import { CsvError, parse } from 'csv-parse';
import { inArray, sql } from 'drizzle-orm';
import { Readable } from 'node:stream';
import { chunkFor } from '../db/atomic.js';
import { subscribers, suppressions } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { listPersonas } from '../personas/store.js';
import { mapHeader, mapStatus, type CsvField } from './csv-columns.js';
import { unguardField } from './csv-export.js';
import { emailHash, emailProblem, normaliseEmail } from './email.js';
import { nameProblem } from './fields.js';
import { newSubscriberIds } from './ids.js';
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
/** Rows inserted at a time: big enough to be fast, small enough that preparing the statement is cheap. */
const CHUNK = 500;

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

  const statements = preparedStatements(db);
  // Each chunk's ids take the next millisecond, so they sort after the previous chunk's and land
  // at the end of the indexes (random ids sharing one millisecond scatter across them: three
  // times slower on 100k rows).
  let idMs = now.getTime();
  // Stray quotes inside a field (`Dwayne "The Rock" Johnson`) are kept as text. Blank lines are
  // skipped here rather than by the parser, so every line is seen: a row starts on the line after
  // the previous one ends (a quoted field may span lines), and that is the line it is reported on.
  const parser = Readable.fromWeb(body as import('node:stream/web').ReadableStream).pipe(
    parse({ bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: false }),
  );
  let lastLine = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = lastLine + 1;
      lastLine = info.lines;
      if (record.length === 1 && record[0] === '') continue;
      if (!fields) {
        fields = mapHeader(record);
        if (!fields.includes('email')) {
          throw new AppError('validation_error', 'file: no email column found in the header row (expected e.g. "email" or "Email Address")', { field: 'file' });
        }
        continue;
      }
      report.rows++;
      const v: Partial<Record<CsvField, string>> = {};
      fields.forEach((f, i) => {
        if (f && record[i] !== undefined) v[f] = unguardField(record[i]);
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
      if (v.emailDisabled?.trim().toLowerCase() === 'true' || v.leftAt?.trim()) status = 'unsubscribed';
      pending.push({
        line, id: '' /* given in flush */, email, name: name || null, persona, language, status,
        source: 'import', createdAt: iso, updatedAt: iso,
        confirmedAt: status === 'active' ? iso : null, unsubscribedAt: status === 'unsubscribed' ? iso : null,
      });
      if (pending.length >= CHUNK) { await flush(db, statements, pending, idMs++, report, fail); pending = []; }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The parser's codes are not all prefixed CSV_ (INVALID_OPENING_QUOTE is not).
    const e = err as { code?: string; message?: string };
    if (err instanceof CsvError || e.code?.startsWith('CSV_')) {
      await flush(db, statements, pending, idMs, report, fail);
      fail(
        lastLine + 1,
        e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'unreadable CSV: a quote opened on this line is never closed, so the rest of the file could not be read'
          : `unreadable CSV: ${e.message ?? e.code}`,
      );
      return report;
    }
    throw err;
  }
  if (!fields) throw new AppError('validation_error', 'file: the CSV is empty', { field: 'file' });
  await flush(db, statements, pending, idMs, report, fail);
  return report;
}

/**
 * The two multi-row statements of an import, prepared once per chunk size (an import mostly
 * uses two: full chunks and the last one): building a statement of thousands of rows with the query builder costs more than
 * running it, so each chunk only binds its values. Placeholders are named by position ("0", "1",
 * …), so a flat array of values binds them.
 */
const INSERT_COLUMNS = [
  'id', 'email', 'name', 'persona', 'language', 'status', 'source', 'createdAt', 'updatedAt', 'confirmedAt', 'unsubscribedAt',
] as const;
/** The columns above plus token_version, which the insert fills with its default. */
const INSERT_PARAMS = INSERT_COLUMNS.length + 1;

const positional = (n: number) => Array.from({ length: n }, (_, i) => sql.placeholder(String(i)));
const bind = (values: unknown[]) => values as unknown as Record<string, unknown>;

function preparedStatements(db: Db) {
  const lookups = new Map<number, ReturnType<typeof prepareLookup>>();
  const inserts = new Map<number, ReturnType<typeof prepareInsert>>();
  function prepareLookup(n: number) {
    return db.select({ h: suppressions.emailHash }).from(suppressions).where(inArray(suppressions.emailHash, positional(n))).prepare();
  }
  function prepareInsert(n: number) {
    const width = INSERT_COLUMNS.length;
    // Wrapped in sql`` so each value is bound as it is, without a per-value column encoder.
    const placeholders = positional(n * width).map((p) => sql`${p}`);
    const rows = Array.from({ length: n }, (_, i) =>
      Object.fromEntries(INSERT_COLUMNS.map((c, j) => [c, placeholders[i * width + j]])),
    ) as unknown as (typeof subscribers.$inferInsert)[];
    return db.insert(subscribers).values(rows).onConflictDoNothing({ target: subscribers.email }).prepare();
  }
  return {
    /** The hashes among `hashes` that are suppressed. */
    async suppressed(hashes: string[]): Promise<string[]> {
      let st = lookups.get(hashes.length);
      if (!st) lookups.set(hashes.length, (st = prepareLookup(hashes.length)));
      return (await st.all(bind(hashes))).map((r) => r.h);
    },
    /** Inserts rows whose address is new; returns how many were inserted. */
    async insert(rows: Row[]): Promise<number> {
      let st = inserts.get(rows.length);
      if (!st) inserts.set(rows.length, (st = prepareInsert(rows.length)));
      const values: unknown[] = [];
      for (const r of rows) for (const c of INSERT_COLUMNS) values.push(r[c] ?? null);
      // better-sqlite3 reports `changes`, D1 `meta.changes` (RETURNING would cost a third more).
      const result = (await st.run(bind(values))) as { changes?: number; meta?: { changes?: number } };
      return result.changes ?? result.meta?.changes ?? 0;
    },
  };
}
type Statements = ReturnType<typeof preparedStatements>;

/** Inserts one chunk: suppressed addresses are refused; existing addresses are left as they are. */
async function flush(
  db: Db,
  statements: Statements,
  rows: Row[],
  idMs: number,
  report: ImportReport,
  fail: (line: number, reason: string, email?: string) => void,
) {
  if (rows.length === 0) return;
  const hashes = new Map(rows.map((r) => [emailHash(r.email), r]));
  const suppressed = new Set<string>();
  for (const part of chunkFor(db, [...hashes.keys()], 1)) {
    for (const h of await statements.suppressed(part)) suppressed.add(hashes.get(h)!.email);
  }
  const insertable = rows.filter((r) => {
    if (!suppressed.has(r.email)) return true;
    fail(r.line, 'address is suppressed (bounced or complained) and is never mailed again', r.email);
    return false;
  });
  const ids = newSubscriberIds(idMs, insertable.length);
  insertable.forEach((r, i) => (r.id = ids[i]));
  for (const part of chunkFor(db, insertable, INSERT_PARAMS)) {
    const inserted = await statements.insert(part);
    report.imported += inserted;
    report.unchanged += part.length - inserted;
  }
}
