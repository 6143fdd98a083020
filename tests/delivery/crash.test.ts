/**
 * Crash safety: the real service (the bundle `npm start` runs), sending through the Resend
 * imitation, is killed with SIGKILL at random moments mid-send and restarted. Every subscriber
 * must get the edition exactly once. The moments come from a seeded generator: the seed is printed
 * and named in every assertion, and `CRASH_SEED=<seed>` replays the same kill points (the
 * process's own timing still varies from run to run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Progress } from '../../src/delivery/plan.js';
import type { ImportReport } from '../../src/subscribers/csv-import.js';
import { startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { mulberry32, seedFrom } from '../helpers/random.js';
import { freePort, startServer, type ServerProcess } from '../helpers/server.js';

const N = 3000;
const ADMIN = 'crash-test-admin-token-0123456789';
let fake: FakeResend;
let server: ServerProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'pp-crash-'));

afterAll(async () => {
  await server?.stop().catch(() => {});
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const seed = seedFrom(process.env.CRASH_SEED, 'CRASH_SEED');
const random = mulberry32(seed);
/** Named in every assertion, so a failure says how to replay it. */
const replay = `seed ${seed} (replay: CRASH_SEED=${seed} npx vitest run tests/delivery/crash.test.ts)`;

it('survives SIGKILL at random moments during a send: everyone exactly once, nobody missing', async () => {
  console.log('crash test seed', seed, `(replay: CRASH_SEED=${seed} npx vitest run tests/delivery/crash.test.ts)`);
  fake = await startFakeResend({ storeBodies: false });
  // Slow answers keep a request in flight most of the time, so kills land mid-call too.
  fake.delay(40, 1_000_000);
  const port = await freePort();
  const env = {
    DATABASE_PATH: join(dir, 'newsletter.db'),
    ADMIN_TOKEN: ADMIN,
    TOKEN_SECRET: 'crash-test-token-secret-0123456789',
    BASE_URL: 'https://news.example.com',
    MAIL_FROM: 'Primera Plana <news@example.com>',
    POSTAL_ADDRESS: '1 Test Street',
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: fake.url,
    SEND_RATE: '15',
    SEND_CRON: '* * * * * *',
    SEND_LEASE_SECONDS: '2',
  };
  server = await startServer(env, port, 'bundle');
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${server!.url}/api/admin${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...init.headers } });

  const csv = ['email,name,persona,language', ...Array.from({ length: N }, (_, i) => `r${i}@example.com,Reader ${i},${['everyday', 'engineer', 'investor', 'executive'][i % 4]},${i % 3 ? 'en' : 'es'}`)].join('\n');
  const imported = (await (await admin('/subscribers/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json()) as ImportReport;
  expect(imported.imported, replay).toBe(N);
  expect((await admin('/editions/1/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, replay).toBe(202);

  let kills = 0;
  let threshold = 0;
  while (kills < 3) {
    threshold += 300 + Math.floor(random() * 500);
    while (fake.stats.accepted < Math.min(threshold, N - 200)) await sleep(5);
    await sleep(random() * 60);
    await server.kill();
    kills++;
    server = await startServer(env, port, 'bundle');
  }
  for (let i = 0; i < 600; i++) {
    const p = (await (await admin('/editions/1/progress')).json()) as Progress;
    if (p.status === 'sent') break;
    await sleep(100);
  }
  const progress = (await (await admin('/editions/1/progress')).json()) as Progress;
  expect(progress, replay).toMatchObject({ status: 'sent', total: N, sent: N, failed: 0, uncertain: 0 });

  const counts = new Map<string, number>();
  for (const e of fake.emails) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  expect(counts.size, replay).toBe(N);
  const dupes = [...counts.entries()].filter(([, c]) => c > 1);
  expect(dupes, replay).toEqual([]);
  expect(kills, replay).toBe(3);
  console.log(`crash test, seed ${seed}: ${kills} kills; provider saw ${fake.stats.batchRequests} batch calls, ${fake.stats.idempotentReplays} idempotent replays, ${fake.stats.idempotencyConflicts} conflicts`);
}, 180_000);
