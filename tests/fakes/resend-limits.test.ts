import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnFakeResend } from './resend-process.js';
import { Resend } from 'resend';
import { newWebhookSecret, resendEvent, signSvixWebhook, startFakeResend, type FakeResend } from './resend-server.js';

const mail = (i: number, extra: Record<string, unknown> = {}) => ({
  from: 'Primera Plana <newsletter@primeraplana.dev>',
  to: `reader${i}@example.com`,
  subject: `Edition #58 for reader ${i}`,
  html: `<p>Hello ${i}</p>`,
  text: `Hello ${i}`,
  ...extra,
});
const batchOf = (n: number, from = 0) => Array.from({ length: n }, (_, i) => mail(from + i));

let clock = Date.UTC(2026, 10, 26, 10, 0, 0);
let fake: FakeResend;
let resend: Resend;
beforeAll(async () => {
  fake = await startFakeResend({ now: () => clock });
  resend = new Resend('re_test_key', { baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clear();
  fake.setRateLimit(0);
  fake.setQuota({});
  clock = Date.UTC(2026, 10, 26, 10, 0, 0);
});

describe('fake Resend: Idempotency-Key', () => {
  it('same key + same body: the first answer is replayed, nothing stored twice', async () => {
    const first = await resend.batch.send(batchOf(3), { idempotencyKey: 'edition-58/batch-1' });
    const again = await resend.batch.send(batchOf(3), { idempotencyKey: 'edition-58/batch-1' });
    expect(again.error).toBeNull();
    expect(again.data).toEqual(first.data);
    expect(fake.emails).toHaveLength(3);
    expect(fake.emails[0].idempotencyKey).toBe('edition-58/batch-1');
    expect(fake.stats.idempotentReplays).toBe(1);
    expect(fake.requests.map((r) => r.headers?.['idempotency-key'])).toEqual(['edition-58/batch-1', 'edition-58/batch-1']);
  });

  it('same key + different body: 409 invalid_idempotent_request', async () => {
    await resend.batch.send(batchOf(2), { idempotencyKey: 'k1' });
    const res = await resend.batch.send(batchOf(2, 5), { idempotencyKey: 'k1' });
    expect(res.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    expect(fake.emails).toHaveLength(2);
  });

  it('same key while the first is in flight: 409 concurrent_idempotent_requests', async () => {
    fake.delay(300, 1);
    const first = resend.batch.send(batchOf(2), { idempotencyKey: 'k2' });
    while (fake.stats.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const b = await resend.batch.send(batchOf(2), { idempotencyKey: 'k2' });
    const a = await first;
    expect(a.error).toBeNull();
    expect(b.error).toMatchObject({ statusCode: 409, name: 'concurrent_idempotent_requests' });
    expect(fake.emails).toHaveLength(2);
    expect(fake.stats.maxInFlight).toBe(1);
  });

  it('keys expire after 24 h (injectable clock)', async () => {
    await resend.emails.send(mail(1), { idempotencyKey: 'k3' });
    clock += 24 * 3600_000 - 1;
    await resend.emails.send(mail(1), { idempotencyKey: 'k3' });
    expect(fake.emails).toHaveLength(1);
    clock += 2;
    await resend.emails.send(mail(1), { idempotencyKey: 'k3' });
    expect(fake.emails).toHaveLength(2);
  });

  it('a key over 256 chars is 400 invalid_idempotency_key; a failed request frees its key', async () => {
    const long = await resend.emails.send(mail(1), { idempotencyKey: 'x'.repeat(257) });
    expect(long.error).toMatchObject({ statusCode: 400, name: 'invalid_idempotency_key' });
    const bad = await resend.emails.send(mail(1, { to: 'broken' }), { idempotencyKey: 'k4' });
    expect(bad.error?.statusCode).toBe(422);
    const fixed = await resend.emails.send(mail(1), { idempotencyKey: 'k4' });
    expect(fixed.error).toBeNull();
  });
});

describe('fake Resend: rate limit and quota', () => {
  it('429 rate_limit_exceeded with retry-after and ratelimit-* headers; headers on success too', async () => {
    fake.setRateLimit(2);
    const ok1 = await resend.batch.send(batchOf(1));
    const ok2 = await resend.batch.send(batchOf(1, 1));
    const over = await resend.batch.send(batchOf(1, 2));
    expect(ok1.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '1' });
    expect(ok2.headers?.['ratelimit-remaining']).toBe('0');
    expect(over.error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
    expect(over.headers).toMatchObject({ 'retry-after': '1', 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' });
    expect(fake.stats).toMatchObject({ rejected429: 1, rateLimited: 1, accepted: 2 });
    clock += 1000;
    expect((await resend.batch.send(batchOf(1, 2))).error).toBeNull();
  });

  it('sliding window counts any 1000 ms; fixed window resets on the clock second', async () => {
    fake.setRateLimit(1, 'sliding');
    clock = Date.UTC(2026, 10, 26, 10, 0, 0) + 900;
    expect((await resend.emails.send(mail(1))).error).toBeNull();
    clock += 200; // next clock second, but only 200 ms later
    expect((await resend.emails.send(mail(2))).error?.statusCode).toBe(429);
    fake.setRateLimit(1, 'fixed');
    clock = Date.UTC(2026, 10, 26, 10, 0, 0) + 900;
    expect((await resend.emails.send(mail(3))).error).toBeNull();
    clock += 200;
    expect((await resend.emails.send(mail(4))).error).toBeNull();
  });

  it('daily quota counts recipients; over it is 429 daily_quota_exceeded until the next UTC day', async () => {
    fake.setQuota({ daily: 3 });
    expect((await resend.batch.send(batchOf(2))).error).toBeNull();
    const over = await resend.batch.send(batchOf(2, 2));
    expect(over.error).toMatchObject({ statusCode: 429, name: 'daily_quota_exceeded' });
    expect(fake.emails).toHaveLength(2);
    expect(fake.stats).toMatchObject({ quotaExceeded: 1, rejected429: 1 });
    clock = Date.UTC(2026, 10, 27, 0, 0, 1);
    expect((await resend.batch.send(batchOf(2, 2))).error).toBeNull();
  });

  it('monthly quota: 429 monthly_quota_exceeded', async () => {
    fake.setQuota({ monthly: 1 });
    await resend.emails.send(mail(1));
    expect((await resend.emails.send(mail(2))).error).toMatchObject({ statusCode: 429, name: 'monthly_quota_exceeded' });
  });
});

describe('fake Resend: injected faults (the SDK never throws)', () => {
  it('fail(n): the next n sends get the error, then it works', async () => {
    fake.fail(2);
    const a = await resend.batch.send(batchOf(2));
    const b = await resend.emails.send(mail(9));
    expect(a).toMatchObject({ data: null, error: { statusCode: 500, name: 'internal_server_error' } });
    expect(b.error?.statusCode).toBe(500);
    expect((await resend.batch.send(batchOf(2))).error).toBeNull();
    expect(fake.stats.failed).toBe(2);
  });

  it('fail with a custom 429 and headers; faults can target batch or single only', async () => {
    fake.fail(1, { status: 429, name: 'rate_limit_exceeded', headers: { 'retry-after': '3' } }, 'batch');
    expect((await resend.emails.send(mail(1))).error).toBeNull();
    const res = await resend.batch.send(batchOf(1));
    expect(res.error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
    expect(res.headers?.['retry-after']).toBe('3');
  });

  it('reset(n): the connection drops, the SDK reports application_error, nothing stored', async () => {
    fake.reset(1);
    const res = await resend.batch.send(batchOf(2), { idempotencyKey: 'r1' });
    expect(res).toMatchObject({ data: null, headers: null, error: { name: 'application_error', statusCode: null } });
    expect(fake.emails).toHaveLength(0);
    expect(fake.requests[0].outcome).toBe('reset');
    expect((await resend.batch.send(batchOf(2), { idempotencyKey: 'r1' })).error).toBeNull();
    expect(fake.emails).toHaveLength(2);
  });

  it('delay(ms, n) holds the answer', async () => {
    fake.delay(120, 1, 'single');
    const t0 = performance.now();
    await resend.emails.send(mail(1));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
    expect(fake.stats.delayed).toBe(1);
  });

  it('loseAnswer(n): stored and remembered, but the answer is lost; the retry is replayed', async () => {
    fake.loseAnswer(1);
    const lost = await resend.batch.send(batchOf(3), { idempotencyKey: 'edition-58/batch-7' });
    expect(lost.error).toMatchObject({ name: 'application_error', statusCode: null });
    expect(fake.emails).toHaveLength(3);
    const retry = await resend.batch.send(batchOf(3), { idempotencyKey: 'edition-58/batch-7' });
    expect(retry.data?.data.map((d) => d.id)).toEqual(fake.emails.map((e) => e.id));
    expect(fake.emails).toHaveLength(3);
    expect(fake.stats).toMatchObject({ lostAnswers: 1, idempotentReplays: 1 });
    fake.loseAnswer(1, 'single');
    expect((await resend.emails.send(mail(4))).error?.name).toBe('application_error');
    expect(fake.emails).toHaveLength(4);
  });
});

describe('Svix-signed webhooks', () => {
  it('signSvixWebhook verifies with resend.webhooks.verify; tampering does not', async () => {
    const secret = newWebhookSecret();
    const sent = await resend.emails.send(mail(1));
    const event = fake.event('email.bounced', sent.data!.id, { bounceType: 'Permanent' });
    const body = JSON.stringify(event);
    const h = signSvixWebhook(secret, body);
    expect(h['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = resend.webhooks.verify({
      payload: body,
      headers: { id: h['svix-id'], timestamp: h['svix-timestamp'], signature: h['svix-signature'] },
      webhookSecret: secret,
    });
    expect(verified).toMatchObject({ type: 'email.bounced', data: { email_id: sent.data!.id, to: ['reader1@example.com'], bounce: { type: 'Permanent' } } });
    expect(fake.email(sent.data!.id)?.last_event).toBe('bounced');
    const headers = { id: h['svix-id'], timestamp: h['svix-timestamp'], signature: h['svix-signature'] };
    expect(() => resend.webhooks.verify({ payload: body.replace('Permanent', 'Transient'), headers, webhookSecret: secret })).toThrow();
    const old = signSvixWebhook(secret, body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(() =>
      resend.webhooks.verify({ payload: body, headers: { id: old['svix-id'], timestamp: old['svix-timestamp'], signature: old['svix-signature'] }, webhookSecret: secret }),
    ).toThrow();
  });

  it('builds every email event type with data.email_id and created_at', () => {
    for (const type of ['email.sent', 'email.delivered', 'email.delivery_delayed', 'email.complained', 'email.opened', 'email.clicked', 'email.failed', 'email.suppressed'] as const) {
      const e = resendEvent(type, { email_id: 'e-1', to: 'a@example.com' });
      expect(e).toMatchObject({ type, created_at: expect.any(String), data: { email_id: 'e-1', to: ['a@example.com'], created_at: e.created_at } });
    }
    expect(resendEvent('email.clicked', { email_id: 'e', link: 'https://x.dev' }).data.click).toMatchObject({ link: 'https://x.dev' });
    expect(resendEvent('email.bounced', { email_id: 'e', bounceType: 'Transient' }).data.bounce).toMatchObject({ type: 'Transient' });
  });
});

describe('resend-cli', () => {
  it('runs as its own process, prints its URL and answers the SDK', async () => {
    const fake = await spawnFakeResend(['--rate', '10']);
    try {
      const res = await new Resend('re_test_key', { baseUrl: fake.url }).batch.send(batchOf(2));
      expect(res.headers?.['ratelimit-limit']).toBe('10');
      expect(await fake.stats()).toMatchObject({ accepted: 2, batchRequests: 1 });
    } finally {
      await fake.stop();
    }
  }, 20_000);
});
