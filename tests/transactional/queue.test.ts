/**
 * The transactional queue against the strict Resend imitation, through the real SDK: test copies
 * and confirmations in calls with an idempotency key, retries that are byte-identical, keys too old
 * to trust, refusals, retention and erasure. Real SQLite files; a fixed clock.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscribers, suppressions } from '../../src/db/schema.js';
import { transactionalMessages } from '../../src/db/transactional-schema.js';
import { ResendMailer } from '../../src/mail/resend.js';
import { emailHash } from '../../src/subscribers/email.js';
import { applyTransactional, nextTransactionalStatus, queueRendered } from '../../src/transactional/lifecycle.js';
import { noteCallAttempt, purgeTransactional, RETENTION_MS, storedEmail } from '../../src/transactional/store.js';
import { startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { activeSubscriber, postJson, subscriberByEmail } from '../reader/helpers.js';

let fake: FakeResend;
let t: TestApp;
beforeEach(async () => {
  fake = await startFakeResend();
  t = await makeTestApp({
    mailer: new ResendMailer({ apiKey: 're_test_key', baseUrl: fake.url }),
    env: { MAIL_FROM: 'Primera Plana <news@example.com>' },
    config: { sendRate: 1000 },
  });
});
afterEach(async () => {
  t.close();
  await fake.close();
});

const rows = () => t.deps.db.select().from(transactionalMessages).orderBy(transactionalMessages.id);
const calls = () => fake.requests.filter((r) => r.path === '/emails/batch');
const TX_KEY = /^pp-tx-[0-9a-f-]{36}$/;

describe('the lifecycle', () => {
  it('allows exactly the wired transitions', () => {
    expect(nextTransactionalStatus('new', 'request')).toBe('requested');
    expect(nextTransactionalStatus('new', 'queue')).toBe('queued');
    expect(nextTransactionalStatus('requested', 'render')).toBe('queued');
    expect(nextTransactionalStatus('requested', 'skip')).toBe('skipped');
    expect(nextTransactionalStatus('queued', 'build')).toBe('submitting');
    expect(nextTransactionalStatus('submitting', 'accept')).toBe('submitted');
    expect(nextTransactionalStatus('submitting', 'refuse')).toBe('failed');
    expect(nextTransactionalStatus('submitting', 'lose')).toBe('uncertain');
    expect(nextTransactionalStatus('queued', 'accept')).toBeNull();
    expect(nextTransactionalStatus('submitted', 'build')).toBeNull();
    expect(nextTransactionalStatus('requested', 'build')).toBeNull();
  });
});

describe('test copies', () => {
  it('are queued, answered with how many, and sent in one call with an idempotency key', async () => {
    const to = ['ed1@example.com', 'ed2@example.com', 'ed3@example.com'];
    const r = await t.admin('/editions/1/test', { method: 'POST', json: { to, as: 'investor' } });
    expect(r.status).toBe(200);
    const answer = (await r.json()) as { sent: number; ids: string[]; rejected: unknown[] };
    expect(answer).toEqual({ sent: 3, ids: [expect.stringMatching(/^tx_\d+$/), expect.stringMatching(/^tx_\d+$/), expect.stringMatching(/^tx_\d+$/)], rejected: [] });
    await t.drained();
    expect(calls()).toHaveLength(1);
    expect(calls()[0].idempotencyKey).toMatch(TX_KEY);
    for (const address of to) {
      const [mail] = fake.sentTo(address);
      expect(mail.subject).toMatch(/^\[TEST\] Amazon/);
      expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    }
    expect((await rows()).map((m) => [m.category, m.status, m.message])).toEqual(to.map(() => ['test', 'submitted', null]));
  });
});

describe('retries', () => {
  it('a lost answer is retried with the same key and the same bytes: sent once', async () => {
    fake.loseAnswer(1);
    await postJson(t, '/api/subscribe', { email: 'lost@example.com' });
    await t.drained();
    expect(fake.sentTo('lost@example.com')).toHaveLength(1);
    const [first, second] = calls();
    expect(first.idempotencyKey).toMatch(TX_KEY);
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
    expect(fake.stats.idempotentReplays).toBe(1);
    expect(fake.stats.idempotencyConflicts).toBe(0);
    expect((await rows())[0]).toMatchObject({ status: 'submitted', attempts: 2, category: 'confirm' });
  });

  it('obeys a 429 and a 500, then sends once', async () => {
    fake.fail(1, { status: 429, headers: { 'retry-after': '1' } });
    fake.fail(1, { status: 500 });
    await postJson(t, '/api/subscribe', { email: 'busy@example.com' });
    await t.drained();
    expect(fake.sentTo('busy@example.com')).toHaveLength(1);
    expect(new Set(calls().map((c) => c.idempotencyKey)).size).toBe(1);
    expect((await rows())[0]).toMatchObject({ status: 'submitted', attempts: 3 });
  });

  it('a call whose first try is older than 23 h is not retried blindly: uncertain, never resent', async () => {
    const now = t.clock.now();
    const message = storedEmail({ from: 'Primera Plana <news@example.com>', to: 'old@example.com', subject: 'Hello', html: '<p>x</p>', text: 'x', headers: {} });
    await queueRendered(t.deps.db, [{ category: 'test', subscriberId: null, emailHash: emailHash('old@example.com'), message }], now);
    // A process built the call and tried it, then died without its answer.
    await applyTransactional(t.deps.db, { event: 'build', key: 'pp-tx-00000000-0000-4000-8000-000000000000', limit: 100 });
    await noteCallAttempt(t.deps.db, 'pp-tx-00000000-0000-4000-8000-000000000000', now);
    t.clock.advance(24 * 60 * 60_000);
    await t.drainer.kick();
    await t.drained();
    expect(calls()).toHaveLength(0);
    expect((await rows())[0]).toMatchObject({ status: 'uncertain', message: null, error: expect.stringMatching(/23 h/) });
  });

  it('resumes a call a crashed process left submitting, with its key', async () => {
    const now = t.clock.now();
    const message = storedEmail({ from: 'Primera Plana <news@example.com>', to: 'resume@example.com', subject: 'Hello', html: '<p>x</p>', text: 'x', headers: {} });
    await queueRendered(t.deps.db, [{ category: 'test', subscriberId: null, emailHash: emailHash('resume@example.com'), message }], now);
    const key = 'pp-tx-11111111-1111-4111-8111-111111111111';
    await applyTransactional(t.deps.db, { event: 'build', key, limit: 100 });
    await t.drainer.kick();
    await t.drained();
    expect(calls().map((c) => c.idempotencyKey)).toEqual([key]);
    expect(fake.sentTo('resume@example.com')).toHaveLength(1);
  });

  it('a message the provider refuses is failed with its reason; the others in its call are sent', async () => {
    const mail = (to: string) => storedEmail({ from: 'Primera Plana <news@example.com>', to, subject: 'Hello', html: '<p>x</p>', text: 'x', headers: {} });
    await queueRendered(t.deps.db, [
      { category: 'test', subscriberId: null, emailHash: emailHash('good@example.com'), message: mail('good@example.com') },
      { category: 'test', subscriberId: null, emailHash: emailHash('not an address'), message: mail('not an address') },
    ], t.clock.now());
    await t.drainer.kick();
    await t.drained();
    const [good, bad] = await rows();
    expect(good).toMatchObject({ status: 'submitted', providerId: fake.sentTo('good@example.com')[0].id });
    expect(bad).toMatchObject({ status: 'failed', error: expect.stringMatching(/to/), message: null });
    expect(calls()).toHaveLength(1);
  });

  it('a permanent refusal of the whole call fails its messages, and the next call goes on', async () => {
    fake.fail(1, { status: 422, name: 'validation_error', message: 'bad request' });
    await t.admin('/editions/1/test', { method: 'POST', json: { to: ['first@example.com'] } });
    await t.drained();
    await t.admin('/editions/1/test', { method: 'POST', json: { to: ['second@example.com'] } });
    await t.drained();
    const [first, second] = await rows();
    expect(first).toMatchObject({ status: 'failed', error: expect.stringMatching(/validation_error/), message: null });
    expect(second.status).toBe('submitted');
    expect(fake.sentTo('second@example.com')).toHaveLength(1);
  });
});

describe('what a request sends is decided when it is sent', () => {
  it('an address suppressed (or erased) after its request gets nothing', async () => {
    t.deps.drainer = { kick: async () => {} }; // hold the queue while the state changes
    await postJson(t, '/api/subscribe', { email: 'later@example.com' });
    await postJson(t, '/api/subscribe', { email: 'erased@example.com' });
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash('later@example.com'), reason: 'complaint' });
    await t.deps.db.delete(subscribers).where(eq(subscribers.email, 'erased@example.com'));
    await t.drainer.kick();
    await t.drained();
    expect(calls()).toHaveLength(0);
    expect((await rows()).map((r) => [r.status, r.error])).toEqual([
      ['skipped', 'the address is suppressed'],
      ['skipped', 'the subscriber was erased'],
    ]);
  });
});

describe('retention and erasure', () => {
  it('purges final rows a few days after they ended, not before, and never open ones', async () => {
    await postJson(t, '/api/subscribe', { email: 'kept@example.com' });
    await t.drained();
    t.deps.drainer = { kick: async () => {} };
    await postJson(t, '/api/subscribe', { email: 'waiting@example.com' });
    t.clock.advance(RETENTION_MS - 1000);
    expect(await purgeTransactional(t.deps.db, t.clock.now())).toBe(0);
    t.clock.advance(2000);
    expect(await purgeTransactional(t.deps.db, t.clock.now())).toBe(1);
    expect((await rows()).map((r) => r.status)).toEqual(['requested']);
  });

  it('erasing a subscriber removes their transactional rows, test copies to their address included', async () => {
    const s = await activeSubscriber(t, 'gone@example.com');
    await postJson(t, '/api/subscribe', { email: 'gone@example.com' });
    await t.admin('/editions/1/test', { method: 'POST', json: { to: ['gone@example.com', 'editor@example.com'] } });
    await t.drained();
    expect(await rows()).toHaveLength(3);
    expect((await t.admin(`/subscribers/${s.id}`, { method: 'DELETE' })).status).toBe(204);
    const left = await rows();
    expect(left).toHaveLength(1);
    expect(left[0].emailHash).toBe(emailHash('editor@example.com'));
    const sent = t.deps.db.all(sql`select count(*) as n from transactional_messages where subscriber_id = ${s.id}`) as { n: number }[];
    expect(sent[0].n).toBe(0);
  });

  it('a subscribe request leaves no trace of a suppressed address', async () => {
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash('never@example.com'), reason: 'bounce' });
    expect((await postJson(t, '/api/subscribe', { email: 'never@example.com' })).status).toBe(202);
    await t.drained();
    expect(await rows()).toEqual([]);
    await expect(subscriberByEmail(t.deps.db, 'never@example.com')).rejects.toThrow();
    expect(await t.deps.db.select().from(transactionalMessages).where(and(eq(transactionalMessages.emailHash, emailHash('never@example.com'))))).toEqual([]);
  });
});
