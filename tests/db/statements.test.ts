/** `reusePreparedStatements`: drizzle's per-query prepares reuse one statement per SQL text, safely. */
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { reusePreparedStatements } from '../../src/db/sqlite.js';

const things = sqliteTable('things', { id: integer('id').primaryKey(), label: text('label').notNull() });
let sqlite: Database.Database;

beforeEach(() => {
  sqlite = new Database(':memory:');
  sqlite.exec(`CREATE TABLE things (id INTEGER PRIMARY KEY, label TEXT NOT NULL)`);
  sqlite.exec(`INSERT INTO things (id, label) VALUES (1, 'one'), (2, 'two'), (3, 'three')`);
  reusePreparedStatements(sqlite, 3);
});

describe('reusePreparedStatements', () => {
  it('hands back the same statement for the same SQL text, and a new one for another text', () => {
    const a = sqlite.prepare('SELECT label FROM things WHERE id = ?');
    expect(sqlite.prepare('SELECT label FROM things WHERE id = ?')).toBe(a);
    expect(sqlite.prepare('SELECT id FROM things WHERE id = ?')).not.toBe(a);
  });

  it('gives a statement back in object mode even after someone switched it to raw rows', () => {
    const text = 'SELECT id, label FROM things WHERE id = ?';
    expect(sqlite.prepare(text).raw().get(2)).toEqual([2, 'two']);
    expect(sqlite.prepare(text).get(2)).toEqual({ id: 2, label: 'two' });
  });

  it('never shares a statement that is still being iterated', () => {
    const text = 'SELECT id FROM things ORDER BY id';
    const outer = sqlite.prepare(text).pluck();
    const seen: number[][] = [];
    for (const id of outer.iterate()) seen.push([id as number, ...sqlite.prepare(text).pluck().all().map(Number)]);
    expect(seen).toEqual([
      [1, 1, 2, 3],
      [2, 1, 2, 3],
      [3, 1, 2, 3],
    ]);
  });

  it('keeps at most `max` texts, dropping the least recently used', () => {
    const first = sqlite.prepare('SELECT 1');
    sqlite.prepare('SELECT 2');
    sqlite.prepare('SELECT 1'); // used again: now the most recent
    sqlite.prepare('SELECT 3');
    const second = sqlite.prepare('SELECT 2'); // fourth text: 'SELECT 2' had been dropped
    expect(sqlite.prepare('SELECT 1')).toBe(first);
    expect(second.get()).toEqual({ 2: 2 });
  });

  it('serves drizzle (mapped rows, raw SQL, writes) with the same results as fresh statements', () => {
    const db = drizzle(sqlite);
    for (let round = 0; round < 3; round++) {
      expect(db.select().from(things).where(sql`${things.id} > ${1}`).all()).toEqual([
        { id: 2, label: 'two' },
        { id: 3, label: 'three' },
      ]);
      expect(db.all(sql`SELECT label FROM things WHERE id = ${3}`)).toEqual([{ label: 'three' }]);
      expect(db.get(sql`SELECT label FROM things WHERE id = ${1}`)).toEqual({ label: 'one' });
    }
    db.update(things).set({ label: 'uno' }).where(sql`${things.id} = ${1}`).run();
    expect(db.select({ label: things.label }).from(things).where(sql`${things.id} = ${1}`).get()).toEqual({ label: 'uno' });
  });
});
