/** The Workers fan-out logic, run on Node against SQLite and the Resend imitation. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { editions } from '../../src/db/schema.js';
import { consumeMessage, enqueueEdition, type BatchMessage } from '../../src/delivery/queue.js';
import { ResendMailer } from '../../src/mail/resend.js';
import type { SendContext } from '../../src/delivery/batch.js';
import type { Progress } from '../../src/delivery/plan.js';
import { startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';

let t: TestApp;
let fake: FakeResend;
const noTldrs = async () => {};
beforeEach(async () => {
  fake = await startFakeResend();
  t = await makeTestApp({ mailer: new ResendMailer({ apiKey: 're_test_key', baseUrl: fake.url }), env: { MAIL_FROM: 'P <p@example.com>' }, config: { sendRate: 1000 } });
  await seedSubscribers(t.deps.db, 250);
  await t.deps.db.update(editions).set({ status: 'sending' }).where(eq(editions.id, 1));
});
afterEach(async () => {
  t.close();
  await fake.close();
});

it('enqueues one message per batch (ids only), then only stale ones on a resume', async () => {
  const sent: BatchMessage[] = [];
  const queue = { sendBatch: async (m: Iterable<{ body: BatchMessage }>) => void sent.push(...[...m].map((x) => x.body)) };
  expect(await enqueueEdition(t.deps, queue, 1, noTldrs, { all: true })).toBe(3);
  expect(sent).toEqual([0, 1, 2].map((batch) => ({ editionId: 1, batch })));
  expect(await enqueueEdition(t.deps, queue, 1, noTldrs, { all: false })).toBe(0);
  t.clock.advance(t.deps.config.queueStaleSeconds * 1000 + 60_000);
  expect(await enqueueEdition(t.deps, queue, 1, noTldrs, { all: false })).toBe(3);
});

it('sends one batch per message, asks for a delayed redelivery on a 429, and finishes the edition', async () => {
  await enqueueEdition(t.deps, { sendBatch: async () => {} }, 1, noTldrs, { all: true });
  const contexts = new Map<number, SendContext>();
  fake.fail(1, { status: 429, name: 'rate_limit_exceeded', headers: { 'retry-after': '1' } });
  expect(await consumeMessage(t.deps, { editionId: 1, batch: 0 }, 1, noTldrs, contexts)).toEqual({ ack: false, delaySeconds: 1 });
  for (const batch of [0, 1, 2]) {
    expect(await consumeMessage(t.deps, { editionId: 1, batch }, 2, noTldrs, contexts)).toEqual({ ack: true });
  }
  // A duplicate message for a done batch is acknowledged without sending.
  expect(await consumeMessage(t.deps, { editionId: 1, batch: 1 }, 1, noTldrs, contexts)).toEqual({ ack: true });
  expect(fake.emails).toHaveLength(250);
  const p = (await (await t.admin('/editions/1/progress')).json()) as Progress;
  expect(p).toMatchObject({ status: 'sent', sent: 250 });
});

it('acknowledges messages of a cancelled edition without sending', async () => {
  await t.deps.db.update(editions).set({ status: 'cancelled' }).where(eq(editions.id, 1));
  expect(await consumeMessage(t.deps, { editionId: 1, batch: 0 }, 1, noTldrs, new Map())).toEqual({ ack: true });
  expect(fake.emails).toHaveLength(0);
});
