/**
 * The delivery engine end to end (snapshot + render + send + record) against the Resend
 * imitation running in its own process, through the real SDK over loopback HTTP:
 *  1. 100,000 subscribers, no provider rate limit: emails/s and peak RSS (goal ≥ 5,000/s).
 *  2. Provider limit R = 10 req/s and SEND_RATE = 10: achieved ÷ (R × 100) (goal ≥ 0.95) and 429s.
 *  3. 1,000,000 subscribers: snapshot time (goal < 10 s) and peak RSS while sending (goal < 150 MB).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { bootstrap } from '../src/bootstrap.js';
import { parseEnv, toAppConfig } from '../src/config/config.js';
import { editions } from '../src/db/schema.js';
import { openSqlite } from '../src/db/sqlite.js';
import { silentLogger, systemClock, type AppDeps } from '../src/deps.js';
import { attachEngine } from '../src/delivery/index.js';
import { ResendMailer } from '../src/delivery/resend-mailer.js';
import { takeSnapshot } from '../src/delivery/snapshot.js';
import { cancelSend, startSend } from '../src/delivery/send.js';
import { progress } from '../src/delivery/store.js';
import { readSeedMarkdown } from '../src/editions/seed.js';

const ROOT = resolve(import.meta.dirname, '..');
const PERSONAS = ['everyday', 'executive', 'engineer', 'investor'];

async function startFakeProcess(rate: number): Promise<{ url: string; child: ChildProcess; stats(): Promise<Record<string, number>> }> {
  const child = spawn(process.execPath, [...(process.env.FAKE_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.FAKE_PROF] : []), '--max-semi-space-size=32', '--import', 'tsx', 'tests/fakes/resend-cli.ts', '--port', '0', '--rate', String(rate), '--no-bodies', '--no-log'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((res, rej) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /FAKE_RESEND_URL=(\S+)/.exec(buf);
      if (m) res(m[1]);
    });
    child.once('exit', () => rej(new Error('fake Resend exited')));
  });
  return { url, child, stats: async () => (await fetch(`${url}/__fake/stats`)).json() as Promise<Record<string, number>> };
}

/** A fresh database with n active subscribers, inserted raw (seeding is not what we measure). */
function freshDeps(n: number, url: string, rate: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pp-bench-'));
  const handle = openSqlite(join(dir, 'bench.db'));
  const insert = handle.sqlite.prepare(
    `INSERT INTO subscribers (id, email, name, persona, language, status) VALUES (?, ?, ?, ?, ?, 'active')`,
  );
  handle.sqlite.transaction(() => {
    for (let i = 0; i < n; i++) {
      insert.run(`sub_${String(i).padStart(9, '0')}${'0'.repeat(20)}`, `reader${i}@example.com`, `Reader ${i}`, PERSONAS[i % 4], i % 2 ? 'en' : 'es');
    }
  })();
  const config = toAppConfig(parseEnv({ BASE_URL: 'https://news.example.com', SEND_RATE: String(rate), POSTAL_ADDRESS: '1 Bench St' }), {
    adminToken: 'bench-admin-token-0123456789',
    tokenSecret: 'bench-token-secret-0123456789',
  });
  config.mailFrom = 'Primera Plana <news@example.com>';
  const deps: AppDeps = {
    db: handle.db, config, clock: systemClock, log: silentLogger, summarizer: null,
    mailer: new ResendMailer({ apiKey: 're_test_key', baseUrl: url }),
    dispatcher: { dispatch() {} },
  };
  return { deps, handle, cleanup: () => { handle.close(); rmSync(dir, { recursive: true, force: true }); } };
}

function rssSampler() {
  // process.memoryUsage() reads /proc and walks the heap; rss() alone is cheap enough to poll.
  let peak = process.memoryUsage.rss();
  let heap = 0;
  let external = 0;
  let polls = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    if (++polls % 20 === 0) {
      const m = process.memoryUsage();
      heap = Math.max(heap, m.heapUsed);
      external = Math.max(external, m.external);
    }
  }, 25);
  return {
    stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage.rss())),
    detail: () => `heap ≤ ${mb(heap)}, external ≤ ${mb(external)}`,
  };
}
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function endToEnd(n: number) {
  const fake = await startFakeProcess(0);
  const { deps, handle, cleanup } = freshDeps(n, fake.url, 1_000_000);
  await bootstrap(deps.db, readSeedMarkdown(), new Date());
  const runner = attachEngine(deps, { concurrency: Number(process.env.BENCH_CONCURRENCY ?? 2) });
  const rss = rssSampler();
  const fakeCpu0 = (await fake.stats()).cpuMs;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await startSend(deps, runner, '1');
  await runner.idle();
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peak = rss.stop();
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const fakeCpuS = ((await fake.stats()).cpuMs - fakeCpu0) / 1000;
  const p = await progress(deps.db, 1);
  console.log(`  ${n.toLocaleString()} subscribers, no rate limit: ${p.sent.toLocaleString()} sent in ${s.toFixed(2)} s = ${Math.round(p.sent / s).toLocaleString()} emails/s end to end (goal ≥ 5,000); peak RSS ${mb(peak)} (${rss.detail()})`);
  console.log(`    service CPU ${cpuS.toFixed(2)} s = ${((cpuS * 1e6) / p.sent).toFixed(0)} µs per email = ${Math.round(p.sent / cpuS).toLocaleString()} emails per CPU-second; the imitation: ${((fakeCpuS * 1e6) / p.sent).toFixed(0)} µs per email`);
  fake.child.kill('SIGINT'); await new Promise((r) => setTimeout(r, 500));
  cleanup();
  void handle;
}

async function paced(rate: number, n: number) {
  const fake = await startFakeProcess(rate);
  const { deps, handle, cleanup } = freshDeps(n, fake.url, rate);
  await bootstrap(deps.db, readSeedMarkdown(), new Date());
  const runner = attachEngine(deps, process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {});
  // Warm up rendering so the measured window is the paced sending.
  const t0 = performance.now();
  await startSend(deps, runner, '1');
  await runner.idle();
  const s = (performance.now() - t0) / 1000;
  const p = await progress(deps.db, 1);
  const stats = await fake.stats();
  const achieved = p.sent / s;
  // The provider-facing window: from the first batch recorded to the last (100 batches, 99 gaps).
  const w = handle.sqlite.prepare(`SELECT min(sent_at) AS a, max(sent_at) AS b, count(DISTINCT batch_number) AS n FROM deliveries WHERE status = 'sent'`).get() as { a: string; b: string; n: number };
  const windowS = (Date.parse(w.b) - Date.parse(w.a)) / 1000;
  const steady = ((w.n - 1) * 100) / windowS;
  console.log(`  provider limit ${rate} req/s, SEND_RATE=${rate}: ${p.sent.toLocaleString()} emails in ${s.toFixed(2)} s from the send call (snapshot, TL;DRs and first render included) = ${achieved.toFixed(0)} emails/s, ratio ${(achieved / (rate * 100)).toFixed(3)}`);
  console.log(`    while sending: ${w.n} batches in ${windowS.toFixed(2)} s = ${steady.toFixed(0)} emails/s; ratio to ${rate}×100 = ${(steady / (rate * 100)).toFixed(3)} (goal ≥ 0.95); 429s: ${stats.rateLimited}`);
  fake.child.kill('SIGINT'); await new Promise((r) => setTimeout(r, 500));
  cleanup();
}

async function million(n: number, sendSeconds: number) {
  const fake = await startFakeProcess(0);
  const { deps, cleanup } = freshDeps(n, fake.url, 1_000_000);
  await bootstrap(deps.db, readSeedMarkdown(), new Date());
  await deps.db.update(editions).set({ status: 'sending' }).where(eq(editions.id, 1));
  const t0 = performance.now();
  const count = await takeSnapshot(deps.db, 1, new Date());
  const snapS = (performance.now() - t0) / 1000;
  const runner = attachEngine(deps, { concurrency: Number(process.env.BENCH_CONCURRENCY ?? 2) });
  const rss = rssSampler();
  runner.dispatch(1);
  await new Promise((r) => setTimeout(r, sendSeconds * 1000));
  await cancelSend(deps, '1');
  await runner.idle();
  const peak = rss.stop();
  const p = await progress(deps.db, 1);
  console.log(`  ${count?.toLocaleString()} subscribers: snapshot ${snapS.toFixed(2)} s (goal < 10 s); sent ${p.sent.toLocaleString()} in ${sendSeconds} s with peak RSS ${mb(peak)} (goal < 150 MB)`);
  fake.child.kill('SIGINT'); await new Promise((r) => setTimeout(r, 500));
  cleanup();
}

export { endToEnd, paced, freshDeps };

export async function benchDelivery(): Promise<void> {
  console.log('delivery engine (Resend imitation in its own process, real SDK, loopback HTTP):');
  await endToEnd(Number(process.env.BENCH_DELIVERY_N ?? 100_000));
  await paced(10, 10_000);
  await million(Number(process.env.BENCH_MILLION_N ?? 1_000_000), 15);
}
