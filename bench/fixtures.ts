/** What the delivery benches share: a database of n readers, and the Resend imitation in its own process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../src/bootstrap.js';
import { openSqlite } from '../src/db/sqlite.js';
import { readSeedMarkdown } from '../src/editions/seed.js';
import { spawnFakeResend, type FakeResendProcess } from '../tests/fakes/resend-process.js';

const PERSONAS = ['everyday', 'executive', 'engineer', 'investor'];

export const startFake = (rate: number): Promise<FakeResendProcess> => spawnFakeResend(['--rate', String(rate), '--no-store', '--no-log']);

/** A fresh database with n active subscribers (inserted raw: seeding is not what we measure) and the seed edition. */
export async function freshDatabase(n: number): Promise<{ dir: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-bench-'));
  const path = join(dir, 'newsletter.db');
  const handle = openSqlite(path);
  const insert = handle.sqlite.prepare(`INSERT INTO subscribers (id, email, name, persona, language, status) VALUES (?, ?, ?, ?, ?, 'active')`);
  handle.sqlite.transaction(() => {
    for (let i = 0; i < n; i++) {
      insert.run(`sub_${String(i).padStart(9, '0')}${'0'.repeat(20)}`, `reader${i}@example.com`, `Reader ${i}`, PERSONAS[i % 4], i % 2 ? 'en' : 'es');
    }
  })();
  await bootstrap(handle.db, readSeedMarkdown(), new Date());
  handle.close();
  return { dir, path };
}
