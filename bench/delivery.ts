/**
 * The delivery engine, measured where it matters: the service as `npm start` runs it (the bundle,
 * default V8 settings) against the Resend imitation in a process of its own (strict, real SDK,
 * loopback HTTP, keeps no email).
 *  1. R = 20 req/s (the provider's limit and SEND_RATE), 100,000 readers: achieved ÷ (R × 100)
 *     while sending (goal ≥ 0.95), the 429s, and the service's CPU share of one core over the send
 *     (goal ≤ 50 %); its peak RSS.
 *  2. 1,000,000 readers at the same rate: the send (snapshot included) for `BENCH_MILLION_SECONDS`;
 *     the peak RSS against the 100,000 send's (goal ≤ 1.2 ×: memory flat in list size).
 *  3. A/B, side by side in one process: the CPU per email of sending through the Resend adapter
 *     (its wire writer) and through the SDK's own `batch.send`, at no rate limit; what each would
 *     cost at R = 20. The wire writer stays only if the goal needs it.
 * Peak RSS is the kernel's high-water mark (VmHWM) over the service process's whole life.
 * Knobs: BENCH_DELIVERY_N, BENCH_MILLION_N, BENCH_MILLION_SECONDS, BENCH_AB_N.
 */
import { execSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { FakeResendProcess } from '../tests/fakes/resend-process.js';
import { startServer, type ServerProcess } from '../tests/helpers/server.js';
import { abWireWriter } from './delivery-ab.js';
import { freshDatabase, startFake } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '..');
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const RATE = 20;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Service = ServerProcess & { admin(path: string, init?: RequestInit): Promise<Response> };

/** The service as `npm start` runs it, on that database, sending to the imitation. */
async function startService(dbPath: string, fake: FakeResendProcess, rate: number): Promise<Service> {
  const server = await startServer(
    {
      DATABASE_PATH: dbPath, BASE_URL: 'https://news.example.com', POSTAL_ADDRESS: '1 Bench St', SEND_RATE: String(rate),
      RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: fake.url, MAIL_FROM: 'Primera Plana <news@example.com>',
      ADMIN_TOKEN, TOKEN_SECRET: 'bench-token-secret-0123456789',
    },
    undefined,
    'bundle',
  );
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api/admin${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  return { ...server, admin };
}

/** Peak and current resident memory, and CPU seconds used, of a process (from /proc). */
function procStats(pid: number): { peak: number; now: number; cpuS: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { peak: kb('VmHWM'), now: kb('VmRSS'), cpuS: (Number(stat[11]) + Number(stat[12])) / 100 };
}

type Progress = { status: string; sent: number; total: number };
async function untilSent(admin: Service['admin']): Promise<Progress> {
  for (;;) {
    const p = (await (await admin('/editions/1/progress')).json()) as Progress;
    if (p.status !== 'sending') return p;
    await sleep(500);
  }
}

/** The provider-facing window: from the first batch recorded to the last (one gap fewer than batches). */
function sendingWindow(dbPath: string): { seconds: number; batches: number } {
  const sqlite = new Database(dbPath, { readonly: true });
  const w = sqlite.prepare(`SELECT min(sent_at) AS a, max(sent_at) AS b, count(DISTINCT batch_number) AS n FROM deliveries WHERE status = 'submitted'`).get() as { a: string; b: string; n: number };
  sqlite.close();
  return { seconds: (Date.parse(w.b) - Date.parse(w.a)) / 1000, batches: w.n };
}

/** 1: the R = 20 goal. Returns the send's peak RSS, for 2. */
async function pacedSend(n: number): Promise<number> {
  const fake = await startFake(RATE);
  const db = await freshDatabase(n);
  const service = await startService(db.path, fake, RATE);
  const pid = service.child.pid!;
  const cpu0 = procStats(pid).cpuS;
  const t0 = performance.now();
  await service.admin('/editions/1/send', { method: 'POST', body: '{}' });
  const p = await untilSent(service.admin);
  const wall = (performance.now() - t0) / 1000;
  const { peak, cpuS } = procStats(pid);
  const stats = await fake.stats();
  await service.stop();
  await fake.stop();
  const w = sendingWindow(db.path);
  rmSync(db.dir, { recursive: true, force: true });
  const steady = ((w.batches - 1) * 100) / w.seconds;
  const share = (cpuS - cpu0) / wall;
  console.log(`  R = ${RATE} req/s, ${n.toLocaleString()} readers: ${p.sent.toLocaleString()} sent (${p.status}) in ${wall.toFixed(1)} s from the send call`);
  console.log(`    while sending: ${steady.toFixed(0)} emails/s = ${(steady / (RATE * 100)).toFixed(3)} of R×100 (goal ≥ 0.95); 429s: ${stats.rateLimited}`);
  console.log(`    service CPU: ${(share * 100).toFixed(1)} % of one core over the send (goal ≤ 50 %), ${(((cpuS - cpu0) * 1e6) / p.sent).toFixed(0)} µs per email; peak RSS ${mb(peak)}`);
  return peak;
}

/** 2: the same send to a million readers, for a while: memory must not grow with the list. */
async function millionSend(n: number, seconds: number, smallPeak: number): Promise<void> {
  const fake = await startFake(RATE);
  const db = await freshDatabase(n);
  const service = await startService(db.path, fake, RATE);
  const pid = service.child.pid!;
  const t0 = performance.now();
  await service.admin('/editions/1/send', { method: 'POST', body: '{}' });
  let snapshotS = NaN;
  for (;;) {
    const p = (await (await service.admin('/editions/1/progress')).json()) as Progress;
    if (Number.isNaN(snapshotS) && p.total > 0) snapshotS = (performance.now() - t0) / 1000;
    if ((performance.now() - t0) / 1000 >= seconds) break;
    await sleep(500);
  }
  const p = (await (await service.admin('/editions/1/progress')).json()) as Progress;
  const { peak } = procStats(pid);
  await service.admin('/editions/1/cancel', { method: 'POST' });
  await service.stop();
  await fake.stop();
  rmSync(db.dir, { recursive: true, force: true });
  console.log(`  R = ${RATE} req/s, ${n.toLocaleString()} readers: snapshot in ≤ ${snapshotS.toFixed(1)} s, then ${p.sent.toLocaleString()} sent in ${seconds} s; peak RSS ${mb(peak)}`);
  console.log(`    peak RSS ${mb(peak)} vs ${mb(smallPeak)} for the 100,000 send = ${(peak / smallPeak).toFixed(2)} × (goal ≤ 1.2 ×, default V8 settings)`);
}

export async function benchDelivery(): Promise<void> {
  console.log('delivery engine (the service as `npm start` runs it, default V8; Resend imitation in its own process; real SDK, loopback HTTP):');
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  const peak = await pacedSend(Number(process.env.BENCH_DELIVERY_N ?? 100_000));
  await millionSend(Number(process.env.BENCH_MILLION_N ?? 1_000_000), Number(process.env.BENCH_MILLION_SECONDS ?? 60), peak);
  await abWireWriter(Number(process.env.BENCH_AB_N ?? 20_000), RATE);
}

