/**
 * The delivery engine end to end, run as the real service: the bundle `npm start` builds, with
 * its V8 flags, against the Resend imitation in its own process (strict, real SDK on loopback):
 *  1. 100,000 subscribers, no provider rate limit: emails/s from the send call until `sent`
 *     (snapshot, render, send, record), the service's CPU per email and its peak RSS.
 *     Goal ≥ 5,000 emails/s on one core.
 *  2. Provider limit R = 10 req/s and SEND_RATE = 10: achieved ÷ (R × 100) and the 429s.
 *     Goal ≥ 0.95, with no more 429s than the pacing needs.
 *  3. 1,000,000 subscribers: snapshot time (goal < 10 s), then the service resumes that send as
 *     after a crash; its peak RSS while sending (goal < 150 MB).
 * Peak RSS is the kernel's high-water mark (VmHWM) for the service process's whole life.
 * Knobs for experiments: BENCH_DELIVERY_N and BENCH_MILLION_N (list sizes), BENCH_SERVER_ENV (JSON
 * of extra variables for the service), FAKE_PROF (a folder for the imitation's CPU profile).
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { bootstrap } from '../src/bootstrap.js';
import { editions } from '../src/db/schema.js';
import { openSqlite } from '../src/db/sqlite.js';
import { takeSnapshot } from '../src/delivery/snapshot.js';
import { readSeedMarkdown } from '../src/editions/seed.js';
import { spawnFakeResend, type FakeResendProcess } from '../tests/fakes/resend-process.js';
import { startServer, type ServerProcess } from '../tests/helpers/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const PERSONAS = ['everyday', 'executive', 'engineer', 'investor'];
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Fake = FakeResendProcess;

function startFake(rate: number): Promise<Fake> {
  const prof = process.env.FAKE_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FAKE_PROF}`] : [];
  return spawnFakeResend(['--rate', String(rate), '--no-store', '--no-log'], [...prof, '--max-semi-space-size=32']);
}

/** A fresh database with n active subscribers (inserted raw: seeding is not what we measure) and the seed edition. */
async function freshDatabase(n: number): Promise<{ dir: string; path: string }> {
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

/** The service as `npm start` runs it, on that database, sending to the imitation. */
async function startService(dbPath: string, fake: Fake, rate: number): Promise<ServerProcess & { admin(path: string, init?: RequestInit): Promise<Response> }> {
  const server = await startServer(
    {
      DATABASE_PATH: dbPath, BASE_URL: 'https://news.example.com', POSTAL_ADDRESS: '1 Bench St', SEND_RATE: String(rate),
      RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: fake.url, MAIL_FROM: 'Primera Plana <news@example.com>',
      ADMIN_TOKEN, TOKEN_SECRET: 'bench-token-secret-0123456789', ...JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}'),
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
/** Polls progress twice a second (each poll sums the batches' counts in the service). */
async function untilSent(admin: (p: string) => Promise<Response>): Promise<Progress> {
  for (;;) {
    const p = (await (await admin('/editions/1/progress')).json()) as Progress;
    if (p.status !== 'sending') return p;
    await sleep(500);
  }
}

/** When the service marked the edition sent (the end of the send, to the millisecond). */
function sentAt(dbPath: string): number {
  const sqlite = new Database(dbPath, { readonly: true });
  const row = sqlite.prepare(`SELECT sent_at AS at FROM editions WHERE id = 1`).get() as { at: string };
  sqlite.close();
  return Date.parse(row.at);
}

export async function endToEnd(n: number) {
  const fake = await startFake(0);
  const db = await freshDatabase(n);
  const service = await startService(db.path, fake, 1_000_000);
  const pid = service.child.pid!;
  const [cpu0, fakeCpu0] = [procStats(pid).cpuS, (await fake.stats()).cpuMs];
  const t0 = Date.now();
  await service.admin('/editions/1/send', { method: 'POST', body: '{}' });
  const p = await untilSent(service.admin);
  const { peak, cpuS } = procStats(pid);
  const serviceCpu = cpuS - cpu0;
  const fakeCpu = ((await fake.stats()).cpuMs - fakeCpu0) / 1000;
  await service.stop();
  await fake.stop();
  const s = (sentAt(db.path) - t0) / 1000;
  rmSync(db.dir, { recursive: true, force: true });
  console.log(`  ${n.toLocaleString()} subscribers, no rate limit: ${p.sent.toLocaleString()} sent (${p.status}) in ${s.toFixed(2)} s = ${Math.round(p.sent / s).toLocaleString()} emails/s end to end (goal ≥ 5,000); peak RSS ${mb(peak)}`);
  console.log(`    CPU per email: the service ${((serviceCpu * 1e6) / p.sent).toFixed(0)} µs (= ${Math.round(p.sent / serviceCpu).toLocaleString()} emails per CPU-second), the imitation ${((fakeCpu * 1e6) / p.sent).toFixed(0)} µs; this machine has 2 cores for both`);
}

export async function paced(rate: number, n: number) {
  const fake = await startFake(rate);
  const db = await freshDatabase(n);
  const service = await startService(db.path, fake, rate);
  const t0 = performance.now();
  await service.admin('/editions/1/send', { method: 'POST', body: '{}' });
  const p = await untilSent(service.admin);
  const s = (performance.now() - t0) / 1000;
  const stats = await fake.stats();
  await service.stop();
  await fake.stop();
  // The provider-facing window: from the first batch recorded to the last (n/100 batches, one gap fewer).
  const sqlite = new Database(db.path, { readonly: true });
  const w = sqlite.prepare(`SELECT min(sent_at) AS a, max(sent_at) AS b, count(DISTINCT batch_number) AS n FROM deliveries WHERE status = 'sent'`).get() as { a: string; b: string; n: number };
  sqlite.close();
  rmSync(db.dir, { recursive: true, force: true });
  const windowS = (Date.parse(w.b) - Date.parse(w.a)) / 1000;
  const steady = ((w.n - 1) * 100) / windowS;
  console.log(`  provider limit ${rate} req/s, SEND_RATE=${rate}: ${p.sent.toLocaleString()} emails in ${s.toFixed(2)} s from the send call (snapshot and first render included) = ${(p.sent / s).toFixed(0)} emails/s, ratio ${(p.sent / s / (rate * 100)).toFixed(3)}`);
  console.log(`    while sending: ${w.n} batches in ${windowS.toFixed(2)} s = ${steady.toFixed(0)} emails/s; ratio to ${rate}×100 = ${(steady / (rate * 100)).toFixed(3)} (goal ≥ 0.95); 429s: ${stats.rateLimited}`);
}

export async function million(n: number, sendSeconds: number) {
  const fake = await startFake(0);
  const db = await freshDatabase(n);
  const handle = openSqlite(db.path);
  await handle.db.update(editions).set({ status: 'sending' }).where(eq(editions.id, 1));
  const t0 = performance.now();
  const count = await takeSnapshot(handle.db, 1, new Date());
  const snapS = (performance.now() - t0) / 1000;
  handle.close();
  const service = await startService(db.path, fake, 1_000_000);
  const pid = service.child.pid!;
  const listening = procStats(pid).now;
  await sleep(sendSeconds * 1000);
  const mem = procStats(pid);
  const p = (await (await service.admin('/editions/1/progress')).json()) as Progress;
  await service.admin('/editions/1/cancel', { method: 'POST' });
  await service.stop();
  await fake.stop();
  rmSync(db.dir, { recursive: true, force: true });
  console.log(`  ${count?.toLocaleString()} subscribers: snapshot ${snapS.toFixed(2)} s (goal < 10 s)`);
  console.log(`    the service resumed the send and sent ${p.sent.toLocaleString()} in ${sendSeconds} s; RSS ${mb(listening)} when listening, ${mb(mem.now)} at the end, peak ${mb(mem.peak)} (goal < 150 MB)`);
}

export async function benchDelivery(): Promise<void> {
  console.log('delivery engine (the service as `npm start` runs it; Resend imitation in its own process; real SDK, loopback HTTP):');
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  await endToEnd(Number(process.env.BENCH_DELIVERY_N ?? 100_000));
  await paced(10, 10_000);
  await million(Number(process.env.BENCH_MILLION_N ?? 1_000_000), 15);
}
