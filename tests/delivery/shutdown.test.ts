/**
 * Graceful shutdown: SIGTERM to the real service (the bundle `npm start` runs) in the middle of a
 * send. It stops claiming batches, lets the provider call in flight finish and be recorded,
 * releases its lease, checkpoints and closes SQLite, and exits 0 by itself, within its bound. The
 * restarted service then resends nothing and misses no one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import type { Progress } from '../../src/delivery/plan.js';
import type { ImportReport } from '../../src/subscribers/csv-import.js';
import { startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { freePort, startServer, type ServerProcess } from '../helpers/server.js';

const N = 2000;
const ADMIN = 'shutdown-test-admin-token-0123456789';
let fake: FakeResend;
let server: ServerProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'pp-shutdown-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  await server?.stop().catch(() => {});
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('SIGTERM mid-send: finishes the call in flight, exits 0 within 10 s, and the restart resends nothing and misses no one', async () => {
  fake = await startFakeResend({ storeBodies: false });
  // Slow answers: the signal lands while a call is in flight.
  fake.delay(300, 1_000_000);
  const port = await freePort();
  const dbPath = join(dir, 'newsletter.db');
  const env = {
    DATABASE_PATH: dbPath,
    ADMIN_TOKEN: ADMIN,
    TOKEN_SECRET: 'shutdown-test-token-secret-0123456789',
    BASE_URL: 'https://news.example.com',
    MAIL_FROM: 'Primera Plana <news@example.com>',
    POSTAL_ADDRESS: '1 Test Street',
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: fake.url,
    SEND_RATE: '10',
    SEND_CRON: '* * * * * *',
  };
  server = await startServer(env, port, 'bundle');
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${server!.url}/api/admin${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...init.headers } });
  const csv = ['email,persona', ...Array.from({ length: N }, (_, i) => `r${i}@example.com,${['everyday', 'engineer'][i % 2]}`)].join('\n');
  const imported = (await (await admin('/subscribers/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json()) as ImportReport;
  expect(imported.imported).toBe(N);
  expect((await admin('/editions/1/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(202);

  // Wait until a few batches are through and another call is in flight.
  while (fake.stats.accepted < 500) await sleep(5);
  const requestsBefore = fake.stats.batchRequests;
  const t0 = Date.now();
  const exit = new Promise<number | null>((r) => server!.child.once('exit', (code) => r(code)));
  server.child.kill('SIGTERM');
  const code = await exit;
  const tookMs = Date.now() - t0;
  server = undefined;
  expect(code, 'the graceful path exits 0; the forced one 1').toBe(0);
  expect(tookMs).toBeLessThan(10_000);
  // Checkpointed and closed: the write-ahead log was folded into the file and removed.
  expect(existsSync(`${dbPath}-wal`) ? 'a WAL file is left' : 'no WAL').toBe('no WAL');
  // The call that was in flight was answered and recorded: every accepted email has its row.
  const sqlite = new Database(dbPath, { readonly: true });
  const recorded = (sqlite.prepare(`SELECT count(*) AS n FROM deliveries WHERE status = 'submitted'`).get() as { n: number }).n;
  const leases = (sqlite.prepare(`SELECT count(*) AS n FROM leases`).get() as { n: number }).n;
  sqlite.close();
  expect(recorded).toBe(fake.stats.accepted);
  expect(recorded).toBeLessThan(N);
  expect(leases).toBe(0);
  expect(fake.stats.batchRequests).toBeGreaterThanOrEqual(requestsBefore);

  fake.delay(0, 1_000_000);
  server = await startServer(env, port, 'bundle');
  let p: Progress | undefined;
  for (let i = 0; i < 300; i++) {
    p = (await (await admin('/editions/1/progress')).json()) as Progress;
    if (p.status === 'sent') break;
    await sleep(100);
  }
  expect(p).toMatchObject({ status: 'sent', total: N, sent: N, failed: 0, uncertain: 0 });
  const counts = new Map<string, number>();
  for (const e of fake.emails) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  expect(counts.size).toBe(N);
  expect([...counts.values()].filter((c) => c > 1)).toEqual([]);
  expect(fake.stats.idempotentReplays).toBe(0);
}, 120_000);
