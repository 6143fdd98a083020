/** Node's database: a better-sqlite3 file in WAL mode with the migrations applied. */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { projectFile } from '../paths.js';
import * as schema from './schema.js';
import type { Db } from './types.js';

export const migrationsDir = () => projectFile('migrations');

export interface SqliteHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/**
 * Makes `sqlite.prepare` hand back the statement it prepared before for the same SQL text (the
 * last `max` texts). drizzle prepares every query it runs, and SQLite's parse and plan cost more
 * than most of our queries themselves; the values are bound per run, so the texts repeat. A
 * statement comes back in its default (object rows) mode, and one that is still being iterated
 * is never shared.
 */
export function reusePreparedStatements(sqlite: Database.Database, max = 200): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt?.busy) return prepare(source);
    if (stmt) {
      cache.delete(source);
      if (stmt.reader) stmt.raw(false);
    } else {
      stmt = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

/** Opens (creating if needed) the SQLite file at `path` and brings its schema up to date. */
export function openSqlite(path: string): SqliteHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A 4 MB page cache (better-sqlite3 compiles in 16 MB): sending reads the deliveries in key
  // order, so a larger cache buys nothing but resident memory.
  sqlite.pragma('cache_size = -4000');
  reusePreparedStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsDir() });
  return { db: db as unknown as Db, sqlite, close: () => sqlite.close() };
}
