import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editionLinks, webhookReceipts } from '../../src/db/feedback-schema.js';
import { deliveries, suppressions } from '../../src/db/schema.js';
import { emailHash } from '../../src/subscribers/email.js';
import { newWebhookSecret, resendEvent, signSvixWebhook, type ResendWebhookEvent } from '../fakes/resend-server.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { dumpDatabase } from '../retention/helpers.js';
import { activeSubscriber, counts, markSent, postJson, sentDelivery, subscriberByEmail } from './helpers.js';

let t: TestApp;
let secret: string;
beforeEach(async () => {
  secret = newWebhookSecret();
  t = await makeTestApp({ config: { resendWebhookSecret: secret } });
});
afterEach(() => t.close());

function deliver(event: ResendWebhookEvent | string, opts: { id?: string; timestamp?: number; secret?: string; headers?: Record<string, string> } = {}) {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const signed = signSvixWebhook(opts.secret ?? secret, body, opts);
  return t.app.request('/webhooks/resend', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Svix-Webhooks/1.0', ...signed, ...opts.headers },
    body,
  });
}

describe('POST /webhooks/resend: signatures', () => {
  it('accepts a signed event: a receipt of its svix-id, nothing of its body', async () => {
    const res = await deliver(resendEvent('email.delivered', { email_id: 'e-unknown-1', to: 'someone.else@example.org' }), { id: 'msg_1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(await t.deps.db.select().from(webhookReceipts)).toEqual([{ svixId: 'msg_1', receivedAt: t.clock.now() }]);
    const dump = await dumpDatabase(t.deps.db);
    expect(dump).not.toContain('e-unknown-1');
    expect(dump).not.toContain('someone.else');
  });

  it('refuses a bad signature, another secret, a tampered body and missing headers with 401', async () => {
    const event = resendEvent('email.complained', { email_id: 'e-2', to: 'victim@example.com' });
    const body = JSON.stringify(event);
    const good = signSvixWebhook(secret, body);
    const attempts: Record<string, Record<string, string>> = {
      'bad signature': { ...good, 'svix-signature': 'v1,' + Buffer.alloc(32).toString('base64') },
      'other secret': { ...signSvixWebhook(newWebhookSecret(), body) },
      'no signature': { 'svix-id': good['svix-id'], 'svix-timestamp': good['svix-timestamp'] },
      'no headers': {},
    };
    for (const [what, headers] of Object.entries(attempts)) {
      const res = await t.app.request('/webhooks/resend', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect(res.status, what).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const tampered = await t.app.request('/webhooks/resend', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...good },
      body: body.replace('victim@example.com', 'other@example.com'),
    });
    expect(tampered.status).toBe(401);
    expect(await counts(t.deps.db)).toMatchObject({ receipts: 0, suppressions: 0 });
  });

  it('refuses timestamps more than 5 minutes old (or ahead) with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await deliver(resendEvent('email.opened', { email_id: 'e-3' }), { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await deliver(resendEvent('email.opened', { email_id: 'e-3' }), { timestamp: now + 6 * 60 })).status).toBe(401);
    expect((await deliver(resendEvent('email.opened', { email_id: 'e-3' }), { timestamp: now - 4 * 60 })).status).toBe(200);
  });

  it('ignores a replayed svix-id: 200, stored once', async () => {
    const event = resendEvent('email.opened', { email_id: 'e-4' });
    expect((await deliver(event, { id: 'msg_replay' })).status).toBe(200);
    const again = await deliver(event, { id: 'msg_replay' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect((await counts(t.deps.db)).receipts).toBe(1);
  });

  it('refuses everything with 503 while no webhook secret is configured', async () => {
    const bare = await makeTestApp();
    try {
      const body = JSON.stringify(resendEvent('email.bounced', { email_id: 'e-5' }));
      const res = await bare.app.request('/webhooks/resend', { method: 'POST', headers: { 'content-type': 'application/json', ...signSvixWebhook(secret, body) }, body });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/RESEND_WEBHOOK_SECRET/);
      expect((await counts(bare.deps.db)).receipts).toBe(0);
    } finally {
      bare.close();
    }
  });

  it('answers 400 for a signed body that is not an event, 413 for a huge one', async () => {
    expect((await deliver('not json')).status).toBe(400);
    expect((await deliver('{"hello":"world"}')).status).toBe(400);
    expect((await deliver(JSON.stringify({ type: 'email.opened', data: { email_id: 'x', pad: 'x'.repeat(300_000) } }))).status).toBe(413);
    expect((await counts(t.deps.db)).receipts).toBe(0);
  });
});

describe('events: lookup and suppression', () => {
  const row = async (id: number) => (await t.deps.db.select().from(deliveries).where(eq(deliveries.id, id)).get())!;
  const at = (iso: string) => new Date(Date.parse(iso) - (Date.parse(iso) % 1000));

  it('keeps the feedback on its delivery: the link clicked, no IP address, no user agent', async () => {
    const s = await activeSubscriber(t, 'ana@example.com', { persona: 'investor' });
    await markSent(t.deps.db);
    const d = await sentDelivery(t.deps.db, s, 1, 0, 'prov-ana');
    const when = '2026-11-26T10:05:00.000Z';
    await deliver(resendEvent('email.clicked', { email_id: 'prov-ana', to: 'ana@example.com', link: 'https://example.com/x', created_at: when }), { id: 'msg_c' });
    expect(await row(d.id)).toMatchObject({ feedback: 'clicked', feedbackAt: at(when), clickedAt: at(when), openedAt: null, deliveredAt: null });
    expect(await t.deps.db.select({ editionId: editionLinks.editionId, url: editionLinks.url }).from(editionLinks)).toEqual([{ editionId: 1, url: 'https://example.com/x' }]);
    const dump = await dumpDatabase(t.deps.db);
    expect(dump).not.toContain('203.0.113.7');
    expect(dump).not.toContain('Mozilla');
  });

  it('keeps the first time of each kind and the latest state, whatever order events arrive in', async () => {
    const s = await activeSubscriber(t, 'bo@example.com');
    await markSent(t.deps.db);
    const d = await sentDelivery(t.deps.db, s, 1, 0, 'prov-bo');
    const ev = (type: Parameters<typeof resendEvent>[0], minute: number, extra = {}) =>
      deliver(resendEvent(type, { email_id: 'prov-bo', to: 'bo@example.com', created_at: `2026-11-26T10:${String(minute).padStart(2, '0')}:00.000Z`, ...extra }));
    await ev('email.opened', 30);
    await ev('email.delivered', 2); // arrives late
    await ev('email.opened', 10); // an earlier open, arriving later
    await ev('email.bounced', 1, { bounceType: 'Transient' }); // a delay, not a bounce
    expect(await row(d.id)).toMatchObject({
      feedback: 'opened',
      feedbackAt: at('2026-11-26T10:30:00.000Z'),
      deliveredAt: at('2026-11-26T10:02:00.000Z'),
      openedAt: at('2026-11-26T10:10:00.000Z'),
      bouncedAt: null,
    });
    await ev('email.complained', 45);
    expect(await row(d.id)).toMatchObject({ feedback: 'complained', complainedAt: at('2026-11-26T10:45:00.000Z') });
  });

  it('finds the delivery by the tag Resend echoes, and trusts the tag only with the matching email id', async () => {
    const s = await activeSubscriber(t, 'tag@example.com', { persona: 'engineer' });
    await markSent(t.deps.db);
    const d = await sentDelivery(t.deps.db, s, 1, 0, 'prov-tag');
    const tags = { edition: '1', persona: 'engineer', delivery: String(d.id) };
    await deliver(resendEvent('email.delivered', { email_id: 'prov-tag', tags }), { id: 'msg_t1' });
    // Resend documents tags as an array of {name, value} too.
    const asArray = resendEvent('email.opened', { email_id: 'prov-tag' });
    asArray.data.tags = Object.entries(tags).map(([name, value]) => ({ name, value }));
    await deliver(asArray, { id: 'msg_t2' });
    // A tag naming our delivery on someone else's email id is not believed.
    await deliver(resendEvent('email.complained', { email_id: 'prov-other', to: 'other@example.com', tags }), { id: 'msg_t3' });
    // Tags without a delivery tag (a confirmation email, a test copy) are about no delivery.
    await deliver(resendEvent('email.clicked', { email_id: 'prov-tag', tags: { category: 'confirm' } }), { id: 'msg_t4' });
    const r = await row(d.id);
    expect(r).toMatchObject({ feedback: 'opened', complainedAt: null, clickedAt: null });
    expect(r.deliveredAt).not.toBeNull();
    expect(r.openedAt).not.toBeNull();
    expect((await counts(t.deps.db)).receipts).toBe(4);
  });

  const suppressing: [string, ResendWebhookEvent, string, string][] = [
    ['a permanent bounce', resendEvent('email.bounced', { email_id: 'p1', to: 'x@example.com', bounceType: 'Permanent' }), 'bounced', 'bounce'],
    ['a complaint', resendEvent('email.complained', { email_id: 'p1', to: 'x@example.com' }), 'complained', 'complaint'],
    ['a provider suppression', resendEvent('email.suppressed', { email_id: 'p1', to: 'x@example.com' }), 'bounced', 'provider_suppressed'],
  ];
  for (const [what, event, status, reason] of suppressing) {
    it(`${what} suppresses the address for good`, async () => {
      const s = await activeSubscriber(t, 'x@example.com');
      await markSent(t.deps.db);
      await sentDelivery(t.deps.db, s, 1, 0, 'p1');
      expect((await deliver(event)).status).toBe(200);
      expect((await subscriberByEmail(t.deps.db, 'x@example.com')).status).toBe(status);
      const [row] = await t.deps.db.select().from(suppressions);
      expect(row).toMatchObject({ emailHash: emailHash('x@example.com'), reason });
      // Never mailed again: not by subscribing, not by reactivating, not by re-importing.
      const mail = t.mailer as RecordingMailer;
      await postJson(t, '/api/subscribe', { email: 'x@example.com' });
      expect(mail.sent).toHaveLength(0);
      expect((await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { status: 'active' } })).status).toBe(409);
      await t.admin(`/subscribers/${s.id}`, { method: 'DELETE' });
      const imported = await t.admin('/subscribers/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'email\nx@example.com\n' });
      expect(((await imported.json()) as { imported: number }).imported).toBe(0);
    });
  }

  it('suppresses by the event recipient when no delivery matches (e.g. a test send)', async () => {
    await activeSubscriber(t, 'Y@Example.com');
    await deliver(resendEvent('email.complained', { email_id: 'unknown', to: ['Y@Example.com'] }));
    expect((await subscriberByEmail(t.deps.db, 'y@example.com')).status).toBe('complained');
    expect((await t.deps.db.select().from(suppressions).where(eq(suppressions.emailHash, emailHash('y@example.com')))).length).toBe(1);
  });

  it('stores a transient bounce without suppressing', async () => {
    const s = await activeSubscriber(t, 'z@example.com');
    await markSent(t.deps.db);
    await sentDelivery(t.deps.db, s, 1, 0, 'p2');
    await deliver(resendEvent('email.bounced', { email_id: 'p2', to: 'z@example.com', bounceType: 'Transient' }));
    expect((await subscriberByEmail(t.deps.db, 'z@example.com')).status).toBe('active');
    expect(await counts(t.deps.db)).toMatchObject({ receipts: 1, suppressions: 0 });
  });
});
