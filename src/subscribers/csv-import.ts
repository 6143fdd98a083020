/**
 * Streaming CSV import. Rows are validated one by one and inserted in chunks; a bad row is
 * reported with its line number and reason and never stops the good ones. Existing addresses
 * are left untouched, so importing the same file twice changes nothing. Memory does not grow
 * with the file: the report is bounded (import-report.ts), the addresses remembered to name a
 * duplicate's earlier line are the last 10,000, and the database finds the older ones.
 */
import { CsvError, parse } from 'csv-parse';
import { finished, type Readable } from 'node:stream';
import type { Db } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { listPersonas } from '../personas/store.js';
import { mapHeader, mapStatus, type CsvField } from './csv-columns.js';
import { unguardField } from './csv-export.js';
import { emailProblem, normaliseEmail } from './email.js';
import { nameProblem } from './fields.js';
import { ImportTally, type ImportReport } from './import-report.js';
import { importWriter, type ImportRow } from './import-store.js';
import { normaliseLanguage } from './languages.js';

export type { ImportError, ImportReport } from './import-report.js';

/** Rows inserted at a time: big enough to be fast, small enough that preparing the statement is cheap. */
const CHUNK = 500;
/** Addresses remembered to say "duplicate of line N" (at least CHUNK: a chunk's addresses are distinct). */
const RECENT_ADDRESSES = 10_000;
/** A longer row is not a subscriber; the parser would otherwise hold all of it, to the end of the file. */
export const MAX_ROW_BYTES = 64 * 1024;
/** Bytes parsed at a time. */
const SLICE = 64 * 1024;

/** Imports a CSV read from `source`. A failure of the source (a 413, a malformed upload) ends it with that error. */
export async function importCsv(db: Db, source: Readable, now: Date): Promise<ImportReport> {
  const personas = await listPersonas(db);
  const known = new Set(personas.map((p) => p.slug));
  const fallbackPersona = (personas.find((p) => p.isDefault) ?? personas[0])?.slug ?? 'everyday';
  const iso = now.toISOString();
  const tally = new ImportTally();
  const report = tally.report;
  const writer = await importWriter(db, 'import', iso);
  const recent = new Map<string, number>();
  let fields: (CsvField | undefined)[] | null = null;
  let pending: ImportRow[] = [];
  // Each chunk's ids take the next millisecond, so they sort after the previous chunk's and land
  // at the end of the indexes (random ids sharing one millisecond scatter across them: three
  // times slower on 100k rows).
  let idMs = now.getTime();
  const flush = async () => {
    await writer.flush(pending, idMs++, tally);
    pending = [];
  };

  /** Validates one record into `pending` (or the report); sync: a promise per row costs a fifth of the import. */
  const handle = (record: string[], line: number): void => {
    if (record.length === 1 && record[0] === '') return;
    if (!fields) {
      fields = mapHeader(record);
      if (!fields.includes('email')) {
        throw new AppError('validation_error', 'file: no email column found in the header row (expected e.g. "email" or "Email Address")', { field: 'file' });
      }
      return;
    }
    report.rows++;
    const v: Partial<Record<CsvField, string>> = {};
    fields.forEach((f, i) => {
      if (f && record[i] !== undefined) v[f] = unguardField(record[i]);
    });
    const email = normaliseEmail(v.email ?? '');
    const problem = emailProblem(email);
    if (problem) return tally.fail(line, email ? 'invalid_email' : 'missing_email', problem, email.slice(0, 254) || undefined);
    const dup = recent.get(email);
    if (dup !== undefined) return tally.fail(line, 'duplicate', `duplicate of line ${dup}`, email);
    recent.set(email, line);
    if (recent.size > RECENT_ADDRESSES) recent.delete(recent.keys().next().value!);
    const name = (v.name ?? [v.firstName, v.lastName].filter((s) => s?.trim()).join(' ')).trim();
    const nameIssue = nameProblem(name);
    if (nameIssue) return tally.fail(line, 'invalid_name', nameIssue, email);
    const persona = v.persona?.trim() || fallbackPersona;
    if (!known.has(persona)) return tally.fail(line, 'unknown_persona', `unknown persona "${persona.slice(0, 40)}"`, email);
    const language = v.language?.trim() ? normaliseLanguage(v.language) : 'en';
    if (!language) return tally.fail(line, 'unknown_language', `unknown language "${v.language!.slice(0, 20)}"`, email);
    let status = mapStatus(v.status ?? '');
    if (!status) return tally.fail(line, 'unknown_status', `unknown status "${v.status!.slice(0, 20)}"`, email);
    if (v.emailDisabled?.trim().toLowerCase() === 'true' || v.leftAt?.trim()) status = 'unsubscribed';
    pending.push({
      line, id: '' /* given when written */, email, name: name || null, persona, language, status,
      source: 'import', createdAt: iso, updatedAt: iso,
      confirmedAt: status === 'active' ? iso : null, unsubscribedAt: status === 'unsubscribed' ? iso : null,
    });
  };

  // Records are taken from the parser as it finds them (on_record) rather than read from its
  // stream: a parse error drops whatever the stream still buffers, and those rows came before it.
  // Blank lines are skipped in `handle`, not by the parser, so every line is seen: a row starts
  // on the line after the previous one ends (a quoted field may span lines), and that is the
  // line it is reported on. Stray quotes inside a field (`Dwayne "The Rock" Johnson`) are text.
  const found: { record: string[]; lines: number }[] = [];
  let parseError: CsvError | null = null;
  const parser = parse({
    bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: false, max_record_size: MAX_ROW_BYTES,
    on_record: (record: string[], context: { lines: number }) => {
      found.push({ record, lines: context.lines });
      return null;
    },
  });
  parser.on('error', (err: CsvError) => (parseError ??= err)).resume();
  let lastLine = 0;
  const drain = async () => {
    for (const { record, lines } of found.splice(0)) {
      const line = lastLine + 1;
      lastLine = lines;
      handle(record, line);
      if (pending.length >= CHUNK) await flush();
    }
  };
  try {
    // The source is written in slices, and each slice's rows are written to the database before
    // the next: a body that arrives as one large chunk is not parsed into millions of rows at once.
    read: for await (const chunk of source as AsyncIterable<Uint8Array>) {
      for (let at = 0; at < chunk.length; at += SLICE) {
        parser.write(chunk.subarray(at, at + SLICE));
        await drain();
        if (parseError) break read;
      }
    }
    if (!parseError) {
      parser.end();
      await new Promise<void>((resolve) => finished(parser, () => resolve()));
      await drain();
    }
  } catch (err) {
    source.destroy();
    if (!(err instanceof AppError) || !fields || err.code === 'validation_error') throw err;
    // The upload failed part way (over the size limit, or a malformed multipart body): the
    // complete rows read so far are kept, as an import of that part of the file would.
    await flush();
    throw new AppError(err.code, `${err.message} (the rows before line ${lastLine + 1} were imported, bad ones aside; importing the whole file again is safe)`, err.details);
  }
  if (parseError) {
    source.destroy();
    await flush();
    tally.fail(lastLine + 1, 'unreadable', unreadable(parseError));
    return tally.finish();
  }
  if (!fields) throw new AppError('validation_error', 'file: the CSV is empty', { field: 'file' });
  await flush();
  return tally.finish();
}

function unreadable(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unreadable CSV: a quote opened on this line is never closed, so the rest of the file could not be read';
    case 'CSV_MAX_RECORD_SIZE':
      return `unreadable CSV: a row is longer than ${MAX_ROW_BYTES / 1024} KB, so the rest of the file could not be read`;
    default:
      return `unreadable CSV: ${err.message ?? err.code}`;
  }
}
