/**
 * What Workers share across requests, invocations and isolates: the subscribe limit per client
 * address and the provider's rate. The real Worker under `wrangler dev` with wrangler.toml's
 * settings (SEND_RATE = 2, the Queue consumer's), its secrets in .dev.vars, sending to the Resend
 * imitation, and beside it a peer: the same code as a second Worker, so a second isolate, on the
 * same D1 database, Queue and Durable Objects. The peer answers HTTP and the Cron Trigger; the
 * Worker consumes the Queue. A deployed Worker runs in many isolates at once, as these two do.
 * Between them and the imitation, a network: each request reaches it 0–150 ms after it left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../src/delivery/plan.js';
import { readSeedMarkdown } from '../../src/editions/seed.js';
import { startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { seedFrom } from '../helpers/random.js';
import { sleep, startDev, workerName, wrangler, writeConfig, writeDevVars, type DevWorker } from './dev.js';
import { startJitterProxy, type JitterProxy } from './jitter-proxy.js';

const ADMIN = 'coord-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'pp-worker-coord-'));
const state = join(dir, 'state');
/** The most a request is held on its way to the provider. */
const JITTER_MS = 150;
let resend: FakeResend;
let network: JitterProxy;
let worker: DevWorker;
let configs: string[] = [];
const start = () => startDev({ persistTo: state, cwd: join(dir, 'peer'), configs });

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${worker.url}/api/admin${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...init.headers } });
const subscribe = (email: string, from: string) =>
  fetch(`${worker.url}/api/subscribe`, {
    method: 'POST',
    // Cloudflare sets CF-Connecting-IP to the client's address; wrangler dev passes what we send.
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': from },
    body: JSON.stringify({ email }),
  });
const tick = () => fetch(`${worker.url}/__scheduled?cron=*+*+*+*+*`);

beforeAll(async () => {
  resend = await startFakeResend();
  const seed = seedFrom(process.env.JITTER_SEED, 'JITTER_SEED');
  console.log(`network jitter 0–${JITTER_MS} ms, JITTER_SEED=${seed}`);
  network = await startJitterProxy(resend.url, JITTER_MS, seed);
  // The peer first: the first config is the one wrangler dev serves HTTP and `/__scheduled` with.
  configs = [writeConfig(join(dir, 'peer'), { peer: true }), writeConfig(join(dir, workerName()))];
  for (const folder of ['peer', workerName()]) {
    writeDevVars(join(dir, folder), {
      ADMIN_TOKEN: ADMIN,
      TOKEN_SECRET: 'coord-token-secret-0123456789',
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: network.url,
      BASE_URL: 'https://news.example.com',
      MAIL_FROM: 'Primera Plana <news@example.com>',
    });
  }
  await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);
  worker = await start();
  // The first Cron Trigger creates the default personas on the new database.
  expect((await tick()).status).toBe(200);
  for (let i = 0; i < 50 && ((await (await admin('/personas')).json()) as { data?: unknown[] }).data?.length !== 4; i++) await sleep(100);
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await network?.close();
  await resend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Worker, across requests and isolates', () => {
  it('holds the subscribe limit per client address across requests and a restart: the 11th sign-up in the minute is a 429 with Retry-After', async () => {
    const from = '198.51.100.7';
    // Spread over time, with other traffic between them.
    for (let i = 0; i < 6; i++) {
      expect((await subscribe(`spread${i}@example.com`, from)).status).toBe(202);
      expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
      await sleep(250);
    }
    // A new process is a new isolate (with nothing in memory): the count holds.
    await worker.stop();
    worker = await start();
    for (let i = 6; i < 10; i++) expect((await subscribe(`spread${i}@example.com`, from)).status).toBe(202);
    for (const email of ['spread10@example.com', 'spread11@example.com']) {
      const refused = await subscribe(email, from);
      expect(refused.status).toBe(429);
      const retry = Number(refused.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(60);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    }
    // Another client address has its own count.
    expect((await subscribe('elsewhere@example.com', '198.51.100.8')).status).toBe(202);
  }, 120_000);

  it("holds the console's sign-in limit per client address across a restart: after ten attempts even the right token is a 429", async () => {
    const from = '203.0.113.9';
    const signIn = (token: string) =>
      fetch(`${worker.url}/admin/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        // The console's forgery guard wants the form to come from its own origin.
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: worker.url, 'cf-connecting-ip': from },
        body: new URLSearchParams({ token, next: '/admin/editions' }),
      });
    for (let i = 0; i < 6; i++) expect((await signIn(`guess-${i}`)).status).toBe(401);
    // A new isolate with nothing in memory: the count holds.
    await worker.stop();
    worker = await start();
    for (let i = 6; i < 10; i++) expect((await signIn(`guess-${i}`)).status).toBe(401);
    const refused = await signIn(ADMIN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(refused.headers.get('set-cookie')).toBeNull();
    // Another address signs in.
    const other = await fetch(`${worker.url}/admin/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: worker.url, 'cf-connecting-ip': '203.0.113.10' },
      body: new URLSearchParams({ token: ADMIN, next: '/admin/editions' }),
    });
    expect(other.status).toBe(303);
  }, 120_000);

  it('paces an edition of 2,500 readers at SEND_RATE=2 against a provider limit of 2 req/s, with confirmations sent from another isolate alongside: 0 × 429, everyone once', async () => {
    const N = 2500;
    const csv = ['email,name', ...Array.from({ length: N }, (_, i) => `pace${i}@example.com,Paced ${i}`)].join('\n');
    const imported = await admin('/subscribers/import', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { imported: number }).imported).toBe(N);
    const created = await admin('/editions', { method: 'POST', body: readSeedMarkdown(), headers: { 'content-type': 'text/markdown' } });
    const edition = (await created.json()) as { id: number };

    resend.setRateLimit(2);
    const before = { calls: resend.stats.batchRequests, limited: resend.stats.rejected429 };
    const started = await admin(`/editions/${edition.id}/send`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(started.status).toBe(202);
    const progressNow = async () => (await (await admin(`/editions/${edition.id}/progress`)).json()) as Progress;
    let progress = await progressNow();
    for (let i = 0; i < 300 && progress.sent === 0; i++, progress = await progressNow()) await sleep(100);
    // While the Worker's Queue invocations send the batches: sign-ups, each confirmation sent at
    // once by the peer's Cron Trigger (another isolate), or else by a wake message on the Queue.
    const alongside = Array.from({ length: 6 }, (_, i) => `alongside${i}@example.com`);
    for (const [i, email] of alongside.entries()) {
      expect((await subscribe(email, `192.0.2.${10 + i}`)).status).toBe(202);
      expect((await tick()).status).toBe(200);
      await sleep(1500);
    }
    for (let i = 0; i < 1200 && !(progress.status === 'sent' && alongside.every((e) => resend.sentTo(e).length > 0)); i++) {
      await sleep(200);
      progress = await progressNow();
    }
    const calls = resend.stats.batchRequests - before.calls;
    const limited = resend.stats.rejected429 - before.limited;
    const arrived = resend.requests.filter((r) => r.path === '/emails/batch').slice(-calls - limited);
    // The rate the provider saw while the edition was sending (its first to its last batch).
    const batches = arrived.filter((r) => r.status === 200 && !r.idempotencyKey?.startsWith('pp-tx-'));
    const [first, last] = [batches[0].at, batches[batches.length - 1].at];
    const seconds = (last - first) / 1000;
    const during = arrived.filter((r) => r.at >= first && r.at <= last).length;
    console.log(
      `2,500 readers + ${alongside.length} confirmations at SEND_RATE=2, provider limit 2 req/s: ${calls} provider calls, ${limited} answered 429; ` +
        `the edition's ${batches.length} batches over ${seconds.toFixed(1)} s, ${((during - 1) / seconds).toFixed(2)} calls/s meanwhile`,
    );
    resend.setRateLimit(0);
    if (limited) {
      // When they arrived, ms apart: what came too close.
      console.log(arrived.map((r, i) => `+${i ? r.at - arrived[i - 1].at : 0} ms ${r.status} ${r.idempotencyKey}`).join('\n'));
    }
    expect(progress).toMatchObject({ status: 'sent', total: N, sent: N });
    const counts = new Map<string, number>();
    for (const e of resend.emails) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    for (let i = 0; i < N; i++) expect(counts.get(`pace${i}@example.com`), `pace${i}`).toBe(1);
    for (const e of alongside) expect(counts.get(e), e).toBe(1);
    expect(limited).toBe(0);
  }, 300_000);
});
