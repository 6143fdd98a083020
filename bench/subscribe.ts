/**
 * Subscribe answer times by kind of address, side by side: the service as `npm start` runs it (the
 * bundle), its drainer sending to the Resend imitation in a process of its own at 2 requests a
 * second (SEND_RATE 2, the default), behind a trusted proxy (TRUSTED_PROXY=x-forwarded-for, each
 * request from its own client, so the per-client limit stays out of the way). Rounds of one request
 * per kind — new, pending, active, unsubscribed, suppressed — in a seeded shuffled order, each
 * address asked once; the first rounds warm up. Prints the median and 90th percentile per kind and
 * the ratio of the slowest median to the fastest (goal: close to 1, i.e. the answer time says
 * nothing about the address). Knobs: BENCH_SUBSCRIBE_N (rounds), BENCH_SEED.
 */
import Database from 'better-sqlite3';
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { emailHash } from '../src/subscribers/email.js';
import { mulberry32, seedFrom } from '../tests/helpers/random.js';
import { startServer } from '../tests/helpers/server.js';
import { freshDatabase, startFake } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '..');
const KINDS = ['new', 'pending', 'active', 'unsubscribed', 'suppressed'] as const;
type Kind = (typeof KINDS)[number];
const WARM_UP = 10;

const address = (kind: Kind, i: number) => `${kind}${i}@example.com`;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

/** Addresses of every kind but `new`, already in the state their name says. */
function prepare(dbPath: string, n: number): void {
  const db = new Database(dbPath);
  const subscriber = db.prepare(`INSERT INTO subscribers (id, email, persona, status, source) VALUES (?, ?, 'everyday', ?, 'web')`);
  const suppression = db.prepare(`INSERT INTO suppressions (email_hash, reason) VALUES (?, 'bench')`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      for (const kind of ['pending', 'active', 'unsubscribed'] as const) subscriber.run(`sub_${kind}_${i}`, address(kind, i), kind);
      suppression.run(emailHash(address('suppressed', i)));
    }
  })();
  db.close();
}

/** Prints the median and p90 answer time per kind of address, and the ratio of the slowest median to the fastest. */
export async function benchSubscribe(): Promise<void> {
  const rounds = Number(process.env.BENCH_SUBSCRIBE_N ?? 200);
  const seed = seedFrom(process.env.BENCH_SEED, 'BENCH_SEED');
  const random = mulberry32(seed);
  console.log(`subscribe: answer time per kind of address, ${rounds} rounds (+${WARM_UP} warm-up), seed ${seed} (replay: BENCH_SEED=${seed})`);
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  const fake = await startFake(2);
  const db = await freshDatabase(0);
  prepare(db.path, rounds + WARM_UP);
  const server = await startServer(
    {
      DATABASE_PATH: db.path, BASE_URL: 'https://news.example.com', POSTAL_ADDRESS: '1 Bench St', SEND_RATE: '2', TRUSTED_PROXY: 'x-forwarded-for',
      RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: fake.url, MAIL_FROM: 'Primera Plana <news@example.com>',
      ADMIN_TOKEN: 'bench-admin-token-0123456789', TOKEN_SECRET: 'bench-token-secret-0123456789',
    },
    undefined,
    'bundle',
  );
  const times = Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
  try {
    let client = 0;
    for (let i = 0; i < rounds + WARM_UP; i++) {
      const order = [...KINDS].sort(() => random() - 0.5);
      for (const kind of order) {
        client++;
        const started = performance.now();
        const res = await fetch(`${server.url}/api/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` },
          body: JSON.stringify({ email: address(kind, i) }),
        });
        await res.arrayBuffer();
        const ms = performance.now() - started;
        if (res.status !== 202) throw new Error(`${kind}: answered ${res.status}`);
        if (i >= WARM_UP) times[kind].push(ms);
      }
    }
    const sent = await fake.stats();
    const medians = KINDS.map((k) => percentile(times[k], 0.5));
    for (const [i, kind] of KINDS.entries()) {
      console.log(`  ${kind.padEnd(12)} median ${medians[i].toFixed(2)} ms   p90 ${percentile(times[kind], 0.9).toFixed(2)} ms`);
    }
    console.log(`  slowest median ÷ fastest: ${(Math.max(...medians) / Math.min(...medians)).toFixed(2)} (goal: close to 1)`);
    console.log(`  meanwhile the drainer made ${sent.batchRequests} provider calls, ${sent.rejected429} answered 429`);
  } finally {
    await server.stop();
    await fake.stop();
    rmSync(db.dir, { recursive: true, force: true });
  }
}
