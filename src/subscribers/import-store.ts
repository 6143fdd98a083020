/**
 * What a CSV import writes, one chunk of rows at a time: suppressed addresses are refused,
 * existing addresses are left as they are, and an address this same import already added (from
 * further back in the file than the import remembers) is reported as a duplicate. The database
 * is the memory: nothing here grows with the file.
 */
import { and, inArray, sql } from 'drizzle-orm';
import { chunkFor } from '../db/atomic.js';
import { subscribers, suppressions } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { emailHash } from './email.js';
import { newSubscriberIds } from './ids.js';
import type { ImportTally } from './import-report.js';

/** A validated row waiting to be written, with the line it came from. */
export type ImportRow = typeof subscribers.$inferInsert & { line: number };

const INSERT_COLUMNS = [
  'id', 'email', 'name', 'persona', 'language', 'status', 'source', 'createdAt', 'updatedAt', 'confirmedAt', 'unsubscribedAt',
] as const;
/** The columns above plus token_version, which the insert fills with its default. */
const INSERT_PARAMS = INSERT_COLUMNS.length + 1;

const positional = (n: number) => Array.from({ length: n }, (_, i) => sql.placeholder(String(i)));
const bind = (values: unknown[]) => values as unknown as Record<string, unknown>;

/**
 * The writer of one import. Its statements are prepared once per chunk size (an import mostly
 * uses two: full chunks and the last one): building a statement of thousands of rows with the
 * query builder costs more than running it, so each chunk only binds its values. Placeholders
 * are named by position ("0", "1", …), so a flat array of values binds them.
 */
export async function importWriter(db: Db, source: string, createdAt: string) {
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
    return db.insert(subscribers).values(rows).onConflictDoNothing({ target: subscribers.email }).returning({ id: subscribers.id }).prepare();
  }
  // Rows inserted from now on get a higher rowid (SQLite numbers a new row after the largest):
  // an address found at or below it was on the list before this import began.
  const before = await db.get<{ r: number | null }>(sql`select max(rowid) as r from ${subscribers}`);
  const lastRowidBefore = before?.r ?? 0;

  async function suppressed(hashes: string[]): Promise<string[]> {
    let st = lookups.get(hashes.length);
    if (!st) lookups.set(hashes.length, (st = prepareLookup(hashes.length)));
    return (await st.all(bind(hashes))).map((r) => r.h);
  }
  /** Inserts rows whose address is new; returns how many were inserted. */
  async function insert(rows: ImportRow[]): Promise<number> {
    let st = inserts.get(rows.length);
    if (!st) inserts.set(rows.length, (st = prepareInsert(rows.length)));
    const values: unknown[] = [];
    for (const r of rows) for (const c of INSERT_COLUMNS) values.push(r[c] ?? null);
    // The rows the insert returns, not the statement's change count: on D1 that count includes
    // what the triggers keeping the subscriber counts wrote (migration console_counts).
    return (await st.all(bind(values))).length;
  }
  /**
   * The rows of a chunk the insert skipped, sorted: the address was added earlier by this import
   * (from further up the file than it remembers), or was on the list already. Only asked when
   * the insert skipped some: it does not say which.
   */
  async function sortSkipped(rows: ImportRow[], tally: ImportTally): Promise<void> {
    // Only rows added since the import began are fetched: SQLite answers `rowid > n` from the
    // email index alone, so re-importing a list (every row there already) costs index probes only.
    // The bound is a number this import read, written into the statement to keep within D1's
    // 100 parameters.
    const since = sql`rowid > ${sql.raw(String(Math.trunc(lastRowidBefore)))}`;
    for (const part of chunkFor(db, rows, 1)) {
      const found = await db
        .select({ id: subscribers.id, email: subscribers.email, source: subscribers.source, createdAt: subscribers.createdAt })
        .from(subscribers)
        .where(and(inArray(subscribers.email, part.map((r) => r.email)), since));
      const byEmail = new Map(found.map((f) => [f.email, f]));
      for (const r of part) {
        const f = byEmail.get(r.email);
        if (f?.id === r.id) continue; // inserted just now
        // Another writer (a sign-up, the API) may have added the address during the import:
        // only a row with this import's source and time is its own.
        if (f && f.source === source && f.createdAt === createdAt) tally.fail(r.line, 'duplicate', 'duplicate in this file', r.email);
        else tally.report.unchanged++;
      }
    }
  }

  return {
    /** Writes one chunk of rows (their addresses distinct); counts and failures go to `tally`. */
    async flush(rows: ImportRow[], idMs: number, tally: ImportTally): Promise<void> {
      if (rows.length === 0) return;
      const hashes = new Map(rows.map((r) => [emailHash(r.email), r]));
      const refused = new Set<string>();
      for (const part of chunkFor(db, [...hashes.keys()], 1)) {
        for (const h of await suppressed(part)) refused.add(hashes.get(h)!.email);
      }
      const insertable = rows.filter((r) => {
        if (!refused.has(r.email)) return true;
        tally.fail(r.line, 'suppressed', 'address is suppressed (bounced or complained) and is never mailed again', r.email);
        return false;
      });
      const ids = newSubscriberIds(idMs, insertable.length);
      insertable.forEach((r, i) => (r.id = ids[i]));
      const report = tally.report;
      for (const part of chunkFor(db, insertable, INSERT_PARAMS)) {
        const inserted = await insert(part);
        report.imported += inserted;
        if (inserted < part.length) await sortSkipped(part, tally);
      }
    },
  };
}
