import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema.js';

/**
 * The database as the app sees it: drizzle over SQLite, synchronous (better-sqlite3 on Node) or
 * asynchronous (D1 on Workers). Code awaits every query so it runs unchanged on both.
 */
export type Db = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;
