/**
 * Public traffic and editions do not wait on each other: a sign-up is answered before its email
 * is sent, confirmations travel together on the pacer's transactional lane, and an edition's
 * batches keep their pace beside them. Real SQLite, the real Resend SDK against the imitation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../src/delivery/plan.js';
import type { BatchOutcome, Mailer, OutgoingEmail, SendOptions } from '../../src/mail/port.js';
import { ResendMailer } from '../../src/mail/resend.js';
import { startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';
import { postJson } from '../reader/helpers.js';

/** A provider that holds every call until the test opens it. */
class GatedMailer implements Mailer {
  sent: OutgoingEmail[] = [];
  calls = 0;
  private opened!: () => void;
  private readonly gate = new Promise<void>((r) => (this.opened = r));
  open() {
    this.opened();
  }
  async sendBatch(emails: OutgoingEmail[], options: SendOptions = {}): Promise<BatchOutcome> {
    await options.ready?.();
    this.calls++;
    await this.gate;
    this.sent.push(...emails);
    return { kind: 'accepted', ids: emails.map((_, i) => `g-${this.sent.length + i}`), rejected: [] };
  }
}

let t: TestApp | undefined;
let fake: FakeResend | undefined;
afterEach(async () => {
  t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
});

const addresses = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);

describe('a sign-up never waits for the provider', () => {
  it('answers 20 sign-ups while the provider holds its first call, then sends them in at most two calls', async () => {
    const gated = new GatedMailer();
    t = await makeTestApp({ mailer: gated });
    const emails = addresses(20, 'held');
    const answers = await Promise.all(emails.map(async (email) => postJson(t!, '/api/subscribe', { email })));
    expect(answers.map((a) => a.status)).toEqual(emails.map(() => 202));
    expect(gated.sent).toHaveLength(0);
    gated.open();
    await t.drained();
    expect(gated.sent.map((m) => m.to).sort()).toEqual([...emails].sort());
    expect(gated.calls).toBeLessThanOrEqual(2);
  }, 15_000);
});

describe('an edition beside a burst of sign-ups', () => {
  it('keeps its batches going: the confirmations take at most two transactional calls before its second batch', async () => {
    fake = await startFakeResend();
    t = await makeTestApp({
      mailer: new ResendMailer({ apiKey: 're_test_key', baseUrl: fake.url }),
      env: { MAIL_FROM: 'Primera Plana <news@example.com>' },
      config: { sendRate: 10 },
      engine: { concurrency: 2 },
    });
    await seedSubscribers(t.deps.db, 600);
    const emails = addresses(20, 'burst');
    const signups = Promise.all(emails.map(async (email) => postJson(t!, '/api/subscribe', { email })));
    expect((await t.admin('/editions/1/send', { method: 'POST', json: {} })).status).toBe(202);
    expect((await signups).map((a) => a.status)).toEqual(emails.map(() => 202));
    await t.runner.idle();
    await t.drained();

    const progress = (await (await t.admin('/editions/1/progress')).json()) as Progress;
    expect(progress).toMatchObject({ status: 'sent', sent: 600 });
    for (const email of emails) expect(fake.sentTo(email), email).toHaveLength(1);
    const calls = fake.requests.filter((r) => r.path === '/emails/batch');
    const isBatch = (key: string | null) => key !== null && /^pp-[0-9a-f-]{36}-b\d+$/.test(key);
    const secondBatch = calls.find((r) => r.idempotencyKey?.endsWith('-b1'))!;
    const transactional = calls.filter((r) => !isBatch(r.idempotencyKey));
    expect(transactional.length).toBeLessThanOrEqual(2);
    expect(transactional.filter((r) => r.no < secondBatch.no).length).toBeLessThanOrEqual(2);
  }, 60_000);
});
