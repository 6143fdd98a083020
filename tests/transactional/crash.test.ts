/**
 * The transactional queue survives crashes: the real service (the bundle `npm start` runs) answers
 * a sign-up with 202 before the confirmation has reached the Resend imitation, is killed with
 * SIGKILL at a seeded random moment after that answer (before its drainer took the message, or
 * while its provider call is held in flight), and restarted. Every confirmation arrives exactly
 * once. `TX_CRASH_SEED=<seed>` replays the same kill points (the process's own timing still varies).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { mulberry32, seedFrom } from '../helpers/random.js';
import { freePort, startServer, type ServerProcess } from '../helpers/server.js';

let fake: FakeResend | undefined;
let server: ServerProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'pp-txcrash-'));
afterAll(async () => {
  await server?.stop().catch(() => {});
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seed = seedFrom(process.env.TX_CRASH_SEED, 'TX_CRASH_SEED');
const random = mulberry32(seed);
const replay = `seed ${seed} (replay: TX_CRASH_SEED=${seed} npx vitest run tests/transactional/crash.test.ts)`;

it('a SIGKILL between "answered 202" and "sent" still sends each confirmation exactly once', async () => {
  console.log('transactional crash test seed', seed, `(replay: TX_CRASH_SEED=${seed} npx vitest run tests/transactional/crash.test.ts)`);
  fake = await startFakeResend();
  const port = await freePort();
  const dbPath = join(dir, 'newsletter.db');
  const env = {
    DATABASE_PATH: dbPath,
    ADMIN_TOKEN: 'txcrash-admin-token-0123456789',
    TOKEN_SECRET: 'txcrash-token-secret-0123456789',
    BASE_URL: 'https://news.example.com',
    MAIL_FROM: 'Primera Plana <news@example.com>',
    POSTAL_ADDRESS: '1 Test Street',
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: fake.url,
    SEND_RATE: '5',
    SEND_CRON: '* * * * * *',
    SEND_LEASE_SECONDS: '2',
  };
  server = await startServer(env, port, 'bundle');

  const everyone: string[] = [];
  const ROUNDS = 4;
  for (let round = 0; round < ROUNDS; round++) {
    // The provider holds the next calls long enough for the kill to land before they are answered.
    fake.delay(1500, 2);
    const emails = [`crash${round}a@example.com`, `crash${round}b@example.com`];
    for (const email of emails) {
      const res = await fetch(`${server.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
      expect(res.status, replay).toBe(202);
      // Answered, and not sent yet: the window this test is about.
      expect(fake.sentTo(email), `${email} was sent before its sign-up was answered; ${replay}`).toHaveLength(0);
    }
    everyone.push(...emails);
    await sleep(random() * 400);
    await server.kill();
    server = await startServer(env, port, 'bundle');
  }

  for (let i = 0; i < 600 && !everyone.every((e) => fake!.sentTo(e).length > 0); i++) await sleep(100);
  // A graceful stop, then the queue itself: nothing is left that could still go out again.
  await server.stop();
  server = undefined;
  const sqlite = new Database(dbPath, { readonly: true });
  const left = sqlite.prepare(`SELECT status, count(*) AS n FROM transactional_messages GROUP BY status`).all();
  sqlite.close();
  expect(left, replay).toEqual([{ status: 'submitted', n: everyone.length }]);

  for (const email of everyone) expect(fake.sentTo(email).length, `${email}: ${replay}`).toBe(1);
  console.log(`transactional crash test, seed ${seed}: ${ROUNDS} kills; provider saw ${fake.stats.batchRequests} batch calls, ${fake.stats.idempotentReplays} idempotent replays, ${fake.stats.idempotencyConflicts} concurrent-key answers`);
}, 180_000);
