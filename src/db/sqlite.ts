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

/** Opens (creating if needed) the SQLite file at `path` and brings its schema up to date. */
export function openSqlite(path: string): SqliteHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsDir() });
  const close = () => {
    if (!sqlite.open) return;
    // Fold the WAL into the database file, so a stopped service leaves one self-contained file.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
  };
  return { db: db as unknown as Db, sqlite, close };
}
