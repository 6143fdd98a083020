/** Fast test data: subscribers inserted straight into the database. */
import { subscribers } from '../../src/db/schema.js';
import type { Db } from '../../src/db/types.js';
import { chunkFor } from '../../src/db/atomic.js';

export interface SeedOptions {
  personas?: string[];
  languages?: string[];
  status?: 'active' | 'pending' | 'unsubscribed';
  domain?: string;
  prefix?: string;
}

/** Inserts n active subscribers `reader<i>@example.com`, personas and languages round-robin. */
export async function seedSubscribers(db: Db, n: number, o: SeedOptions = {}): Promise<string[]> {
  const personas = o.personas ?? ['everyday'];
  const languages = o.languages ?? ['en'];
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `sub_${String(i).padStart(9, '0')}${(o.prefix ?? 'a').padEnd(20, '0')}`,
    email: `${o.prefix ?? 'reader'}${i}@${o.domain ?? 'example.com'}`,
    name: `Reader ${i}`,
    persona: personas[i % personas.length],
    language: languages[i % languages.length],
    status: o.status ?? ('active' as const),
  }));
  for (const part of chunkFor(db, rows, 6)) await db.insert(subscribers).values(part);
  return rows.map((r) => r.id);
}
