/** The sample edition a fresh install starts with (the edition the product was designed from). */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { editions } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { projectFile } from '../paths.js';
import { parseEditionMarkdown } from './parse.js';
import { createEdition } from './store.js';

export const seedEditionPath = () => projectFile('src/editions/seed/0058.md');

/** On a database with no editions, imports the seed edition as a draft. */
export async function ensureSeedEdition(db: Db, markdown: string, now: Date): Promise<boolean> {
  const any = await db.select({ n: sql<number>`count(*)` }).from(editions).get();
  if ((any?.n ?? 0) > 0) return false;
  await createEdition(db, parseEditionMarkdown(markdown), now);
  return true;
}

export const readSeedMarkdown = () => readFileSync(seedEditionPath(), 'utf8');
