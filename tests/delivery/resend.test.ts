/** The engine against the strict local Resend imitation, through the real SDK. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { deliveries, subscribers, type DeliveryStatus, type Edition } from '../../src/db/schema.js';
import type { Progress } from '../../src/delivery/plan.js';
import { ResendMailer } from '../../src/mail/resend.js';
import { tick } from '../../src/delivery/scheduler.js';
import { newWebhookSecret, signSvixWebhook, startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';

let fake: FakeResend;
let t: TestApp;

async function setup(n: number, opts: { rate?: number; key?: string; webhookSecret?: string } = {}) {
  t = await makeTestApp({
    engine: { concurrency: 2 },
    mailer: new ResendMailer({ apiKey: opts.key ?? 're_test_key', baseUrl: fake.url }),
    env: { MAIL_FROM: 'Primera Plana <news@example.com>' },
    config: { sendRate: opts.rate ?? 1000, resendWebhookSecret: opts.webhookSecret },
  });
  await seedSubscribers(t.deps.db, n, { personas: ['everyday', 'engineer', 'investor'], languages: ['en', 'es'] });
}
const send = (body: unknown = {}) => t.admin('/editions/1/send', { method: 'POST', json: body });
const progress = async () => (await (await t.admin('/editions/1/progress')).json()) as Progress;

/** Every address got exactly one email, and nobody else got any. */
function expectExactlyOnce(n: number) {
  const counts = new Map<string, number>();
  for (const e of fake.emails) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  expect(counts.size).toBe(n);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
}

beforeEach(async () => {
  fake = await startFakeResend();
});
afterEach(async () => {
  t?.close();
  await fake.close();
});

describe('sending through Resend', () => {
  it('delivers one email per active subscriber with the right variant and headers', async () => {
    await setup(230);
    await t.deps.db.update(subscribers).set({ status: 'unsubscribed' }).where(eq(subscribers.email, 'reader5@example.com'));
    expect((await send()).status).toBe(202);
    await t.runner.idle();
    expectExactlyOnce(229);
    expect(fake.sentTo('reader5@example.com')).toHaveLength(0);
    expect(fake.stats.batchRequests).toBe(3);
    const keys = new Set(fake.requests.map((r) => r.idempotencyKey));
    expect(keys.size).toBe(3);
    expect([...keys].sort()).toEqual([0, 1, 2].map((n) => expect.stringMatching(new RegExp(`^pp-[0-9a-f-]{36}-b${n}$`))));
    const mail = fake.sentTo('reader1@example.com')[0];
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers?.['List-Unsubscribe']).toMatch(/^<https:\/\/news\.example\.com\/unsubscribe\/.+>$/);
    // Greeted by first name, in the reader's language; sent to their own address.
    expect(mail.text).toMatch(/^(Hi Reader,|Hola, Reader:)$/m);
    expect(mail.text).toContain('reader1@example.com');
    expect(mail.tags).toContainEqual({ name: 'persona', value: 'engineer' });
    expect(await progress()).toMatchObject({ status: 'sent', total: 229, sent: 229 });
    // Provider ids are recorded for the webhooks.
    const ids = t.deps.db.all(sql`select count(*) as n from deliveries where provider_id is not null`) as { n: number }[];
    expect(ids[0].n).toBe(229);
  });

  it('never sends twice when send is called twice at once', async () => {
    await setup(150);
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status].sort()).toEqual([202, 202]);
    await t.runner.idle();
    expect((await send()).status).toBe(409);
    expectExactlyOnce(150);
  });

  it('retries lost answers, resets and 5xx with the same key: each reader still gets one email', async () => {
    await setup(500);
    fake.loseAnswer(2);
    fake.reset(1);
    fake.fail(2, { status: 500, name: 'internal_server_error' });
    await send();
    await t.runner.idle();
    expectExactlyOnce(500);
    expect(fake.stats.idempotentReplays).toBeGreaterThanOrEqual(2);
    expect(await progress()).toMatchObject({ status: 'sent', sent: 500 });
  });

  it('obeys a 429 storm and still delivers everyone once', async () => {
    await setup(600, { rate: 50 });
    fake.setRateLimit(3);
    await send();
    await t.runner.idle();
    expectExactlyOnce(600);
    expect(fake.stats.rateLimited).toBeGreaterThan(0);
    expect(await progress()).toMatchObject({ status: 'sent', sent: 600 });
  });

  it('marks one address the provider rejects as failed and sends the rest', async () => {
    await setup(120);
    // An address our own checks would refuse, planted directly: the provider rejects it.
    await t.deps.db.update(subscribers).set({ email: 'not-an-address' }).where(eq(subscribers.email, 'reader7@example.com'));
    await send();
    await t.runner.idle();
    expectExactlyOnce(119);
    const p = await progress();
    expect(p).toMatchObject({ status: 'sent', sent: 119, failed: 1 });
    // Progress sums the batches' counts; they agree with the delivery rows themselves.
    const rows = t.deps.db.all(sql`select status, count(*) as n from deliveries group by status`) as { status: DeliveryStatus; n: number }[];
    // (the API counts `submitted` deliveries as `sent`, the contract's word)
    for (const r of rows) expect(p[r.status === 'submitted' ? 'sent' : r.status]).toBe(r.n);
    const row = t.deps.db.all(sql`select error from deliveries where status = 'failed'`) as { error: string }[];
    expect(row[0].error).toMatch(/email/i);
  });

  it('pauses when the quota runs out and resumes where it stopped', async () => {
    await setup(450);
    fake.setQuota({ daily: 200 });
    await send();
    await t.runner.idle();
    let p = await progress();
    expect(p.status).toBe('paused');
    expect(p.sent).toBe(200);
    const e = (await (await t.admin('/editions/1')).json()) as Edition;
    expect(e.statusReason).toMatch(/quota/);
    fake.setQuota({ daily: 10_000 });
    expect((await send()).status).toBe(202);
    await t.runner.idle();
    p = await progress();
    expect(p).toMatchObject({ status: 'sent', sent: 450 });
    expectExactlyOnce(450);
  });

  it('stops with a clear status when the key is refused', async () => {
    await setup(50, { key: 're_wrong' });
    await send();
    await t.runner.idle();
    const e = (await (await t.admin('/editions/1')).json()) as Edition;
    expect(e.status).toBe('failed');
    expect(e.statusReason).toMatch(/key/i);
    expect(fake.emails).toHaveLength(0);
  });

  it('cancels mid-send: what was sent stays sent, nothing more goes out', async () => {
    await setup(1000, { rate: 1000 });
    fake.delay(150, 100);
    await send();
    while (fake.stats.accepted < 200) await new Promise((r) => setTimeout(r, 20));
    const c = await t.admin('/editions/1/cancel', { method: 'POST' });
    expect(c.status).toBe(200);
    await t.runner.idle();
    const sentAtCancel = fake.emails.length;
    expect(sentAtCancel).toBeLessThan(1000);
    const p = await progress();
    expect(p.status).toBe('cancelled');
    expect(p.sent).toBe(sentAtCancel);
    expect(p.queued).toBe(1000 - sentAtCancel);
  });

  it('skips a reader who unsubscribes before their batch is built', async () => {
    await setup(400, { rate: 1000 });
    fake.delay(100, 10);
    await send();
    while (fake.stats.accepted < 100) await new Promise((r) => setTimeout(r, 10));
    await t.deps.db.update(subscribers).set({ status: 'unsubscribed' }).where(eq(subscribers.email, 'reader399@example.com'));
    await t.runner.idle();
    expect(fake.sentTo('reader399@example.com')).toHaveLength(0);
    expect(await progress()).toMatchObject({ status: 'sent', sent: 399, skipped: 1 });
  });

  it('starts a scheduled edition when due, and not one that missed the grace period', async () => {
    await setup(10);
    const at = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    const r = await send({ at });
    expect(r.status).toBe(202);
    expect(await r.json()).toEqual({ status: 'scheduled', scheduledAt: at });
    await tick(t.deps, t.runner);
    await t.runner.idle();
    expect(fake.emails).toHaveLength(0);
    t.clock.advance(3600_000 + 1000);
    expect((await tick(t.deps, t.runner)).started).toEqual([1]);
    await t.runner.idle();
    expectExactlyOnce(10);
  });

  it('leaves a scheduled send that missed its time by more than the grace period to the editor', async () => {
    await setup(10);
    await send({ at: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    t.clock.advance(60_000 + 61 * 60_000);
    const report = await tick(t.deps, t.runner);
    await t.runner.idle();
    expect(report.missed).toEqual([1]);
    expect(fake.emails).toHaveLength(0);
    const e = (await (await t.admin('/editions/1')).json()) as Edition;
    expect(e.status).toBe('scheduled');
    expect(e.statusReason).toMatch(/missed/);
  });

  it('sends a [TEST] copy without counting it as a delivery', async () => {
    await setup(0);
    const r = await t.admin('/editions/1/test', { method: 'POST', json: { to: ['editor@example.com'], as: 'investor' } });
    expect(r.status).toBe(200);
    await t.drained();
    expect(fake.emails).toHaveLength(1);
    expect(fake.emails[0].subject).toMatch(/^\[TEST\] Amazon/);
    expect(await progress()).toMatchObject({ total: 0 });
  });

  it("ties Resend's events about sent emails to their deliveries, and a hard bounce suppresses the reader", async () => {
    const secret = newWebhookSecret();
    await setup(150, { webhookSecret: secret });
    await send();
    await t.runner.idle();
    const post = (event: unknown, id: string) => {
      const body = JSON.stringify(event);
      return t.app.request('/webhooks/resend', { method: 'POST', headers: { 'content-type': 'application/json', ...signSvixWebhook(secret, body, { id }) }, body });
    };
    const [bounced, opened] = [fake.sentTo('reader7@example.com')[0], fake.sentTo('reader120@example.com')[0]];
    expect((await post(fake.event('email.bounced', bounced.id, { bounceType: 'Permanent' }), 'msg_b')).status).toBe(200);
    expect((await post(fake.event('email.opened', opened.id), 'msg_o')).status).toBe(200);
    const byProvider = async (id: string) => (await t.deps.db.select().from(deliveries).where(eq(deliveries.providerId, id)).get())!;
    expect(await byProvider(bounced.id)).toMatchObject({ feedback: 'bounced', bouncedAt: expect.any(Date), openedAt: null });
    expect(await byProvider(opened.id)).toMatchObject({ feedback: 'opened', openedAt: expect.any(Date), bouncedAt: null });
    const reader7 = await t.deps.db.select().from(subscribers).where(eq(subscribers.email, 'reader7@example.com')).get();
    expect(reader7?.status).toBe('bounced');
  });
});
