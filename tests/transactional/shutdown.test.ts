/**
 * Graceful shutdown of the drainer: SIGTERM to the real service (the bundle `npm start` runs) while
 * a confirmation call is in flight. No new call starts; the one in flight is answered and recorded;
 * the lease is released; the process exits 0 by itself. The restarted service sends nothing again.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { freePort, startServer, type ServerProcess } from '../helpers/server.js';

let fake: FakeResend | undefined;
let server: ServerProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'pp-txshutdown-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
afterAll(async () => {
  await server?.stop().catch(() => {});
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('SIGTERM while a confirmation call is in flight: it is recorded, the process exits 0, and the restart sends nothing twice', async () => {
  fake = await startFakeResend();
  const port = await freePort();
  const dbPath = join(dir, 'newsletter.db');
  const env = {
    DATABASE_PATH: dbPath,
    ADMIN_TOKEN: 'txshutdown-admin-token-0123456789',
    TOKEN_SECRET: 'txshutdown-token-secret-0123456789',
    BASE_URL: 'https://news.example.com',
    MAIL_FROM: 'Primera Plana <news@example.com>',
    POSTAL_ADDRESS: '1 Test Street',
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: fake.url,
    SEND_CRON: '* * * * * *',
  };
  server = await startServer(env, port, 'bundle');
  const subscribe = (email: string) =>
    fetch(`${server!.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });

  fake.delay(1500, 1);
  const first = ['term0@example.com', 'term1@example.com', 'term2@example.com'];
  for (const email of first) expect((await subscribe(email)).status).toBe(202);
  while (fake.stats.inFlight === 0) await sleep(5);
  const exit = new Promise<number | null>((r) => server!.child.once('exit', (code) => r(code)));
  server.child.kill('SIGTERM');
  expect(await exit, 'the graceful path exits 0; the forced one 1').toBe(0);
  server = undefined;

  const sqlite = new Database(dbPath, { readonly: true });
  const rows = sqlite.prepare(`SELECT status, call_key AS callKey FROM transactional_messages ORDER BY id`).all() as { status: string; callKey: string | null }[];
  const leases = (sqlite.prepare(`SELECT count(*) AS n FROM leases`).get() as { n: number }).n;
  sqlite.close();
  // The call in flight was answered and recorded; whatever it did not carry waits, unsent.
  const inFlight = rows.filter((r) => r.status === 'submitted');
  expect(inFlight.length).toBeGreaterThan(0);
  expect(new Set(inFlight.map((r) => r.callKey)).size).toBe(1);
  expect(rows.every((r) => r.status === 'submitted' || r.status === 'requested' || r.status === 'queued')).toBe(true);
  expect(leases).toBe(0);
  expect(fake.stats.batchRequests).toBe(1);

  server = await startServer(env, port, 'bundle');
  expect((await subscribe('after@example.com')).status).toBe(202);
  for (let i = 0; i < 300 && ![...first, 'after@example.com'].every((e) => fake!.sentTo(e).length > 0); i++) await sleep(100);
  for (const email of [...first, 'after@example.com']) expect(fake.sentTo(email), email).toHaveLength(1);
  expect(fake.stats.idempotentReplays).toBe(0);
}, 120_000);
