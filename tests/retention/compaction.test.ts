/**
 * Retention: after RETENTION_DAYS the scheduler tick folds an edition's per-delivery rows (the
 * audience snapshot with its feedback, the clicks, the unsubscribes) into per persona × language
 * tallies, in one small transaction per batch, and the stats answer the same numbers before,
 * during and after. Sends, suppressions and the batches' record (progress, uncertain) are never
 * touched. Fixed clock throughout; feedback is seeded (see helpers.ts).
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.js';
import { tick } from '../../src/delivery/scheduler.js';
import { applyEdition } from '../../src/editions/lifecycle.js';
import type { BatchOutcome, OutgoingEmail, SendOptions } from '../../src/mail/port.js';
import { runRetention } from '../../src/retention/index.js';
import { newWebhookSecret } from '../fakes/resend-server.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';
import { giveFeedback, hook, LANGUAGES, PERSONAS, replay, rowCounts, seed } from './helpers.js';

const DAY = 24 * 3600_000;
const N = 250; // three batches

let t: TestApp;
let secret: string;
beforeAll(() => console.log('retention feedback seed', seed, replay));
afterEach(() => t?.close());

async function sentEdition(mailer?: RecordingMailer) {
  secret = newWebhookSecret();
  t = await makeTestApp({ config: { resendWebhookSecret: secret, sendRate: 1000 }, mailer, engine: { concurrency: 1 } });
  await seedSubscribers(t.deps.db, N, { personas: PERSONAS, languages: LANGUAGES });
  expect((await t.admin('/editions/1/send', { method: 'POST', json: {} })).status).toBe(202);
  await t.runner.idle();
}

const stats = async (id = 1) => (await t.admin(`/editions/${id}/stats`)).json();
const progress = async (id = 1) => (await t.admin(`/editions/${id}/progress`)).json();
const perEdition = (id = 1) => rowCounts(t.deps.db, ['deliveries'], `WHERE edition_id = ${id}`);
const webVersion = async () => t.app.request(`/editions/${((await (await t.admin('/editions/1')).json()) as { slug: string }).slug}`);
const batchesRecord = () => t.deps.db.all(sql`SELECT number, status, size, submitted, failed, skipped, uncertain, error FROM batches ORDER BY edition_id, number`);

describe('after the retention window', () => {
  it('the tick folds a sent edition into tallies: the stats, progress and suppressions answer the same', async () => {
    await sentEdition();
    const feedback = await giveFeedback(t, secret, 1);
    expect(feedback.posted['email.clicked'], replay).toBeGreaterThan(0);
    const before = { stats: await stats(), progress: await progress(), batches: await batchesRecord() };
    const suppressions = await rowCounts(t.deps.db, ['suppressions', 'subscribers']);
    expect((before.stats as { total: { opened: number } }).total.opened, replay).toBeGreaterThan(0);

    // Within the window nothing is folded.
    t.clock.advance(89 * DAY);
    await tick(t.deps, t.runner);
    expect(await perEdition()).toEqual({ deliveries: N });

    t.clock.advance(2 * DAY);
    await tick(t.deps, t.runner);
    expect(await perEdition(), replay).toEqual({ deliveries: 0 });
    expect(await rowCounts(t.deps.db, ['delivery_clicks', 'unsubscribes']), replay).toEqual({ delivery_clicks: 0, unsubscribes: 0 });
    expect(await stats(), replay).toEqual(before.stats);
    expect(await progress(), replay).toEqual(before.progress);
    expect(await batchesRecord(), replay).toEqual(before.batches);
    expect(await rowCounts(t.deps.db, ['suppressions', 'subscribers'])).toEqual(suppressions);
    // What is left of the edition is a few rows per persona × language, none per reader.
    const tallies = await rowCounts(t.deps.db, ['edition_tallies']);
    expect(tallies.edition_tallies).toBeLessThanOrEqual(PERSONAS.length * LANGUAGES.length);
    // Readers of the web version still find it.
    expect((await webVersion()).status).toBe(200);
  });

  it('folds in small steps, each leaving the numbers whole, and resumes after a crash mid-way', async () => {
    await sentEdition();
    await giveFeedback(t, secret, 1);
    const before = await stats();
    t.clock.advance(91 * DAY);

    // One batch per step: after each, the stats are the same.
    expect(await runRetention(t.deps, { batches: 1 })).toMatchObject({ folded: 1 });
    expect(await perEdition()).toEqual({ deliveries: N - 100 });
    expect(await stats(), replay).toEqual(before);

    // A crash inside the next batch's transaction (a statement fails half-way through it) leaves
    // that batch whole: nothing of it is folded, nothing deleted, the numbers unchanged.
    t.deps.db.run(sql`CREATE TRIGGER crash BEFORE DELETE ON deliveries WHEN old.seq = 150 BEGIN SELECT RAISE(ABORT, 'crash'); END`);
    const crashed = await runRetention(t.deps, { batches: 1 }).catch((err: Error) => err);
    expect(String((crashed as Error).cause)).toMatch(/crash/);
    expect(await perEdition()).toEqual({ deliveries: N - 100 });
    expect(await stats(), replay).toEqual(before);

    // A new process on the same file carries on where the last one stopped.
    t.deps.db.run(sql`DROP TRIGGER crash`);
    const reopened = openSqlite(t.dbPath);
    try {
      expect(await runRetention({ ...t.deps, db: reopened.db })).toMatchObject({ folded: 2 });
      expect(await runRetention({ ...t.deps, db: reopened.db })).toMatchObject({ folded: 0 });
    } finally {
      reopened.close();
    }
    expect(await perEdition()).toEqual({ deliveries: 0 });
    expect(await stats(), replay).toEqual(before);
  });

  it('never folds a batch that could still be sent, nor an edition that is sending: a cancelled send resumes years later, once per reader', async () => {
    // The send is cancelled after its first batch went out.
    class CancelAfterOne extends RecordingMailer {
      override async sendBatch(emails: OutgoingEmail[], options?: SendOptions): Promise<BatchOutcome> {
        const outcome = await super.sendBatch(emails, options);
        if (this.calls === 1) await applyEdition(t.deps.db, 1, 'cancel', t.clock.now());
        return outcome;
      }
    }
    const mail = new CancelAfterOne();
    await sentEdition(mail);
    expect(await progress()).toMatchObject({ status: 'cancelled', sent: 100, queued: 150 });
    await giveFeedback(t, secret, 1);
    const before = await stats();

    // While it is sending (the editor started it again), nothing of it is folded, however old.
    await applyEdition(t.deps.db, 1, 'start', t.clock.now());
    t.clock.advance(200 * DAY);
    expect(await runRetention(t.deps)).toMatchObject({ folded: 0 });
    expect(await perEdition()).toEqual({ deliveries: N });

    // Cancelled again, and left for longer than the window: the batch that went out is folded;
    // the two that could still go keep their rows.
    await applyEdition(t.deps.db, 1, 'cancel', t.clock.now());
    t.clock.advance(91 * DAY);
    await tick(t.deps, t.runner);
    expect(await perEdition()).toEqual({ deliveries: 150 });
    expect(await stats()).toEqual(before);
    // Its readers' "View in browser" links still work.
    expect((await webVersion()).status).toBe(200);

    // The editor sends it again: the rest go out, nobody twice.
    expect((await t.admin('/editions/1/send', { method: 'POST', json: {} })).status).toBe(202);
    await t.runner.idle();
    expect(mail.sent).toHaveLength(N);
    expect(new Set(mail.sent.map((m) => m.to)).size).toBe(N);
    expect(await progress()).toMatchObject({ status: 'sent', sent: N, queued: 0 });
    expect(((await stats()) as { total: { sent: number } }).total.sent).toBe(N);

    t.clock.advance(91 * DAY);
    await tick(t.deps, t.runner);
    expect(await perEdition()).toEqual({ deliveries: 0 });
    expect(((await stats()) as { total: { sent: number } }).total.sent).toBe(N);
  });
});

describe('alongside sending', () => {
  it('one tick starts a due edition and folds an old one: the send goes out whole, once per reader', async () => {
    await sentEdition();
    await giveFeedback(t, secret, 1);
    const before = await stats();
    t.clock.advance(91 * DAY);
    const second = await t.admin('/editions', {
      method: 'POST',
      body: `---\nnumber: 59\ntitle: "The next one"\ndate: 2027-02-25\n---\nBody of the next one.\n`,
      headers: { 'content-type': 'text/markdown' },
    });
    expect(second.status).toBe(201);
    const id = ((await second.json()) as { id: number }).id;
    const at = new Date(t.clock.now().getTime() + 60_000).toISOString();
    expect(await (await t.admin(`/editions/${id}/send`, { method: 'POST', json: { at } })).json()).toMatchObject({ status: 'scheduled' });
    t.clock.advance(60_000);

    // Those who bounced, complained or unsubscribed after the first are not in the second's audience.
    const { subscribers: active } = await rowCounts(t.deps.db, ['subscribers'], "WHERE status = 'active'");
    const report = await tick(t.deps, t.runner);
    expect(report.started).toEqual([id]);
    await t.runner.idle();
    expect(await perEdition(1)).toEqual({ deliveries: 0 });
    expect(await stats(1)).toEqual(before);
    expect(await progress(id)).toMatchObject({ status: 'sent', sent: active, queued: 0 });
    const mail = t.mailer as RecordingMailer;
    const ofSecond = mail.sent.filter((m) => m.tags?.some((x) => x.name === 'edition' && x.value === String(id)));
    expect(new Set(ofSecond.map((m) => m.to)).size).toBe(active);
    expect(ofSecond).toHaveLength(active);
  });
});

describe('webhook receipts', () => {
  it('are kept a few days for deduplication, then pruned; a late replay changes no numbers', async () => {
    await sentEdition();
    const input = { email_id: 'rec-3', to: (t.mailer as RecordingMailer).sent[3].to, tags: Object.fromEntries((t.mailer as RecordingMailer).sent[3].tags!.map((x) => [x.name, x.value])) };
    await hook(t, secret, 'email.opened', input, 'msg_open');
    const opened = await stats();
    expect(await rowCounts(t.deps.db, ['webhook_receipts'])).toEqual({ webhook_receipts: 1 });
    const again = await hook(t, secret, 'email.opened', input, 'msg_open');
    expect(await again.json()).toEqual({ ok: true, duplicate: true });

    t.clock.advance(4 * DAY);
    await tick(t.deps, t.runner);
    expect(await rowCounts(t.deps.db, ['webhook_receipts'])).toEqual({ webhook_receipts: 0 });
    // Svix has long stopped retrying; a manual replay of an old message is harmless anyway.
    expect(await (await hook(t, secret, 'email.opened', input, 'msg_open')).json()).toEqual({ ok: true });
    expect(await stats()).toEqual(opened);
  });
});
