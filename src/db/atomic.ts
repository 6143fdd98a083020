import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './types.js';

export type Statement = BatchItem<'sqlite'>;

interface Query {
  sql: string;
  params: unknown[];
}
/** The part of Cloudflare's D1 binding used here. */
interface D1Client {
  prepare(sql: string): { bind(...values: unknown[]): unknown };
  batch(statements: unknown[]): Promise<unknown>;
}

/** How many rows a statement changed: better-sqlite3 reports `changes`, D1 `meta.changes`. */
export function changesOf(result: unknown): number {
  const r = result as { changes?: number; meta?: { changes?: number } } | undefined;
  return r?.changes ?? r?.meta?.changes ?? 0;
}

/**
 * Runs statements all-or-nothing on either runtime: a transaction on better-sqlite3, a batch on
 * D1 (which has no interactive transactions). `build` makes the statements from `db`; on
 * better-sqlite3 it is called inside the transaction, where a raw `db.run(sql)` executes as soon
 * as it is built while query builders run afterwards, in order: use one kind per call when the
 * order matters. Returns how many rows each statement changed.
 */
export async function atomically(db: Db, build: () => Statement[]): Promise<number[]> {
  const d1 = db as unknown as { batch?: unknown; $client: D1Client };
  if (typeof d1.batch === 'function') {
    // Straight to D1's own batch: drizzle's cannot bind raw `sql` statements that carry parameters.
    const prepared = build().map((s) => {
      const q = s as unknown as { toSQL?: () => Query; getQuery?: () => Query };
      const { sql, params } = q.toSQL ? q.toSQL() : q.getQuery!();
      return d1.$client.prepare(sql).bind(...params);
    });
    if (!prepared.length) return [];
    return ((await d1.$client.batch(prepared)) as unknown[]).map(changesOf);
  }
  return db.transaction(() =>
    build().map((s) => {
      const runnable = s as unknown as { run?: () => unknown };
      // A raw statement has already run (its result is `s`); a query builder runs now.
      return changesOf(typeof runnable.run === 'function' ? runnable.run() : s);
    }),
  ) as unknown as number[];
}

/**
 * How many bound parameters one statement may carry: D1 allows 100, SQLite 32,766.
 * Multi-row statements are chunked to stay under it.
 */
export function paramLimit(db: Db): number {
  return typeof (db as unknown as { batch?: unknown }).batch === 'function' ? 100 : 30_000;
}

/** Splits rows into chunks whose parameters fit in one statement. */
export function chunkFor<T>(db: Db, rows: T[], paramsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(paramLimit(db) / paramsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
