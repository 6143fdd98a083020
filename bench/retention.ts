/**
 * What a send leaves in the database, and for how long. A 20,000-reader send is recorded through
 * the real code (snapshot, batch lifecycle, then 1–3 Resend events per delivery through the
 * webhook code: delivered, opens, clicks on the email's links, bounces), and the SQLite file is
 * measured (`page_count × page_size` after VACUUM) at each stage of the data's life:
 *   recent (within RETENTION_DAYS): each delivery row with its feedback, clicks, unsubscribes;
 *   the first days: plus the webhook receipts (svix ids, pruned after RECEIPT_DAYS);
 *   folded (after RETENTION_DAYS): the batches and the edition's tallies.
 * For comparison, the same events stored the way they were before (one row per event with its
 * raw payload, the old `events` table) on a copy of the database. Then a projection: a year of
 * weekly editions on D1 (goal: ≤ 300 bytes per delivery once folded; far under D1's 10 GB).
 * Knob: BENCH_RETENTION_N (readers, default 20,000).
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { parseEnv, toAppConfig } from '../src/config/config.js';
import { openSqlite, type SqliteHandle } from '../src/db/sqlite.js';
import { silentLogger, type AppDeps, type Clock } from '../src/deps.js';
import { applyBatch } from '../src/delivery/batch-lifecycle.js';
import { takeSnapshot } from '../src/delivery/snapshot.js';
import { batchRecipients, finishIfDone, nextOpenBatch } from '../src/delivery/store.js';
import { applyEdition } from '../src/editions/lifecycle.js';
import { signToken } from '../src/reader/tokens.js';
import { foldableBatches, foldBatch } from '../src/retention/fold.js';
import { runRetention } from '../src/retention/index.js';
import { foldBefore, RECEIPT_DAYS } from '../src/retention/policy.js';
import { recordEvent } from '../src/webhooks/events.js';
import { b62id } from '../tests/fakes/http-util.js';
import { resendEvent, type ResendEmailEventType, type ResendEventInput } from '../tests/fakes/svix.js';
import { mulberry32 } from '../tests/helpers/random.js';
import { freshDatabase } from './fixtures.js';

const DAY = 24 * 3600_000;
const GB = 1e9;
const D1_LIMIT = 10 * GB;
const SEED = 20260516;

class BenchClock implements Clock {
  t = Date.parse('2026-05-16T08:00:00.000Z');
  now() {
    return new Date(this.t);
  }
}

/** The file's size as SQLite counts it, once free pages are gone. */
function fileBytes(h: SqliteHandle): number {
  h.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  h.sqlite.exec('VACUUM');
  return (h.sqlite.pragma('page_count', { simple: true }) as number) * (h.sqlite.pragma('page_size', { simple: true }) as number);
}

/** Bytes per table and its indexes (SQLite's dbstat), largest first. */
function perTable(h: SqliteHandle): string {
  const rows = h.sqlite.prepare(`SELECT CASE WHEN name LIKE 'sqlite_autoindex_%' THEN substr(name, 18) || ' (key)' ELSE name END AS name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC`).all() as { name: string; bytes: number }[];
  return rows
    .filter((r) => r.bytes > 8192)
    .map((r) => `${r.name} ${(r.bytes / 1e6).toFixed(2)} MB`)
    .join(', ');
}

/** The send, through the snapshot and the batch lifecycle; provider ids are UUIDs, as Resend's. */
async function recordSend(deps: AppDeps): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  await applyEdition(db, 1, 'start', now);
  await takeSnapshot(db, 1, now);
  for (let b = await nextOpenBatch(db, 1, -1); b; b = await nextOpenBatch(db, 1, b.number)) {
    await applyBatch(db, b, { event: 'build' });
    const recipients = await batchRecipients(db, b);
    await applyBatch(db, b, { event: 'accept', recipients, ids: recipients.map(() => crypto.randomUUID()), rejected: [], now });
  }
  await finishIfDone(db, 1, now);
}

/** 1–3 events per delivery through the webhook code; returns each event's raw body (for the old layout). */
async function recordFeedback(deps: AppDeps, n: number): Promise<{ svixId: string; body: string; type: string; deliveryId: number; providerId: string; persona: string }[]> {
  const random = mulberry32(SEED);
  const rows = (await deps.db.all(sql`SELECT id, provider_id AS providerId, email, persona, subscriber_id AS subscriberId FROM deliveries ORDER BY id`)) as { id: number; providerId: string; email: string; persona: string; subscriberId: string }[];
  const base = deps.config.baseUrl;
  const raw: Awaited<ReturnType<typeof recordFeedback>> = [];
  const t0 = deps.clock.now().getTime();
  for (const d of rows.slice(0, n)) {
    const token = (p: 'unsubscribe' | 'persona') => signToken(deps.config.tokenSecret, p, { subscriberId: d.subscriberId, version: 1 });
    const links = ['https://www.anthropic.com/news', 'https://aws.amazon.com/bedrock/', `${base}/editions/0058?as=engineer&t=${token('persona')}`, `${base}/unsubscribe/${token('unsubscribe')}`];
    const tags = { edition: '1', persona: d.persona, delivery: String(d.id) };
    const post = async (type: ResendEmailEventType, minutes: number, extra: Partial<ResendEventInput> = {}) => {
      const event = resendEvent(type, { email_id: d.providerId, to: d.email, tags, created_at: new Date(t0 + minutes * 60_000).toISOString(), ...extra });
      const svixId = b62id('msg_', 27);
      await recordEvent(deps, svixId, event);
      raw.push({ svixId, body: JSON.stringify(event), type, deliveryId: d.id, providerId: d.providerId, persona: d.persona });
    };
    if (random() < 0.02) {
      await post('email.bounced', 1, { bounceType: random() < 0.5 ? 'Permanent' : 'Transient' });
      continue;
    }
    await post('email.delivered', 1);
    if (random() < 0.45) await post('email.opened', 30 + random() * 600);
    if (random() < 0.1) await post('email.clicked', 40 + random() * 600, { link: links[Math.floor(random() * links.length)] });
  }
  return raw;
}

/** The same events stored as before this change: one `events` row each, raw payload included. */
function storeTheOldWay(path: string, events: Awaited<ReturnType<typeof recordFeedback>>): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE legacy_events (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, svix_id text NOT NULL, type text NOT NULL, provider_id text,
    delivery_id integer, edition_id integer, persona text, payload text NOT NULL, occurred_at text, created_at text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL);
    CREATE UNIQUE INDEX legacy_events_svix_id ON legacy_events (svix_id); CREATE INDEX legacy_events_edition_type ON legacy_events (edition_id, type);`);
  const insert = db.prepare('INSERT INTO legacy_events (svix_id, type, provider_id, delivery_id, edition_id, persona, payload, occurred_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)');
  db.transaction(() => {
    for (const e of events) insert.run(e.svixId, e.type, e.providerId, e.deliveryId, e.persona, e.body, (JSON.parse(e.body) as { created_at: string }).created_at);
  })();
  db.close();
}

const per = (bytes: number, n: number) => `${Math.round(bytes / n).toLocaleString()} B`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export async function benchRetention(): Promise<void> {
  const n = Number(process.env.BENCH_RETENTION_N ?? 20_000);
  console.log(`retention (a ${n.toLocaleString()}-reader send recorded through the real code, 1–3 webhook events per delivery; SQLite page_count × page_size after VACUUM):`);
  const { dir, path } = await freshDatabase(n);
  const h = openSqlite(path);
  const clock = new BenchClock();
  const config = toAppConfig(parseEnv({ BASE_URL: 'https://news.example.com' }), { adminToken: 'bench-admin-token-0123456789', tokenSecret: 'bench-token-secret-0123456789' });
  const deps = { db: h.db, config, clock, log: silentLogger, summarizer: null, translator: null, mailer: null as never, dispatcher: null as never, drainer: null as never, subscribeLimiter: null as never, signInLimiter: null as never } satisfies AppDeps;
  try {
    const readers = fileBytes(h);
    await recordSend(deps);
    const sent = fileBytes(h);
    copyFileSync(path, join(dir, 'old.db'));
    const t0 = performance.now();
    const events = await recordFeedback(deps, n);
    const webhookS = (performance.now() - t0) / 1000;
    const firstDays = fileBytes(h);
    clock.t += (RECEIPT_DAYS + 1) * DAY;
    while ((await runRetention(deps, { batches: 0 })).receipts > 0);
    const recent = fileBytes(h);
    const recentTables = perTable(h);

    storeTheOldWay(join(dir, 'old.db'), events);
    const old = openSqlite(join(dir, 'old.db'));
    const before = fileBytes(old);
    const oldTables = perTable(old);
    old.close();

    // After the window: fold, timing each batch's transaction.
    clock.t += config.retentionDays * DAY;
    const cutoff = foldBefore(clock.now(), config.retentionDays);
    const times: number[] = [];
    for (let batch = await foldableBatches(h.db, cutoff, 1); batch.length; batch = await foldableBatches(h.db, cutoff, 1)) {
      const t = performance.now();
      await foldBatch(h.db, batch[0], cutoff, clock.now());
      times.push(performance.now() - t);
    }
    const folded = fileBytes(h);
    times.sort((a, b) => a - b);

    console.log(`  ${events.length.toLocaleString()} events (${(events.length / n).toFixed(2)} per delivery) through the webhook code in ${webhookS.toFixed(1)} s`);
    console.log(`  readers alone: ${mb(readers)} (${per(readers, n)} per reader)`);
    console.log(`  per delivery of the edition, over the readers:`);
    const line = (label: string, text: string) => console.log(`    ${label.padEnd(40)} ${text}`);
    line('before this change (raw events kept):', `${per(before - readers, n)}   [${oldTables}]`);
    line('sent, no feedback yet:', per(sent - readers, n));
    line(`the first ${RECEIPT_DAYS} days (receipts kept):`, `${per(firstDays - readers, n)}   (receipts: ${per(firstDays - recent, events.length)} per event)`);
    line('recent (within RETENTION_DAYS):', `${per(recent - readers, n)}   [${recentTables}]`);
    line(`folded (after ${config.retentionDays} days):`, `${per(folded - readers, n)} (goal ≤ 300 B)   [${perTable(h)}]`);
    console.log(`  folding: ${times.length} transactions of ≤ 100 deliveries, median ${times[times.length >> 1].toFixed(2)} ms, longest ${times[times.length - 1].toFixed(2)} ms`);

    // A year of weekly editions, on D1 (its size is the SQLite file's).
    const perReader = readers / n;
    const recentPer = (recent - readers) / n;
    const foldedPer = (folded - readers) / n;
    const receiptPer = (firstDays - recent) / events.length;
    const window = Math.ceil(config.retentionDays / 7);
    for (const list of [100_000, 1_000_000]) {
      const parts = {
        subscribers: list * perReader,
        recent: window * list * recentPer,
        folded: (52 - window) * list * foldedPer,
        receipts: list * (events.length / n) * receiptPer,
      };
      const total = Object.values(parts).reduce((a, b) => a + b, 0);
      const oldYear = list * perReader + 52 * list * ((before - readers) / n);
      console.log(
        `  a year of weekly editions to ${list.toLocaleString()} readers on D1: ${(total / GB).toFixed(2)} GB = ${((100 * total) / D1_LIMIT).toFixed(0)} % of 10 GB ` +
          `(subscribers ${(parts.subscribers / GB).toFixed(2)} + ${window} recent editions ${(parts.recent / GB).toFixed(2)} + ${52 - window} folded ${(parts.folded / GB).toFixed(3)} + one edition's receipts ${(parts.receipts / GB).toFixed(2)}); ` +
          `the old layout: ${(oldYear / GB).toFixed(1)} GB and growing`,
      );
    }
  } finally {
    h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
