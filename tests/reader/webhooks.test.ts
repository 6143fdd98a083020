import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, suppressions } from '../../src/db/schema.js';
import { emailHash } from '../../src/subscribers/email.js';
import { newWebhookSecret, resendEvent, signSvixWebhook, type ResendWebhookEvent } from '../fakes/resend-server.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
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
  it('stores a signed event', async () => {
    const res = await deliver(resendEvent('email.delivered', { email_id: 'e-1' }), { id: 'msg_1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const [row] = await t.deps.db.select().from(events);
    expect(row).toMatchObject({ svixId: 'msg_1', type: 'email.delivered', providerId: 'e-1', deliveryId: null });
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
    expect(await counts(t.deps.db)).toMatchObject({ events: 0, suppressions: 0 });
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
    expect((await counts(t.deps.db)).events).toBe(1);
  });

  it('refuses everything with 503 while no webhook secret is configured', async () => {
    const bare = await makeTestApp();
    try {
      const body = JSON.stringify(resendEvent('email.bounced', { email_id: 'e-5' }));
      const res = await bare.app.request('/webhooks/resend', { method: 'POST', headers: { 'content-type': 'application/json', ...signSvixWebhook(secret, body) }, body });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/RESEND_WEBHOOK_SECRET/);
      expect((await counts(bare.deps.db)).events).toBe(0);
    } finally {
      bare.close();
    }
  });

  it('answers 400 for a signed body that is not an event, 413 for a huge one', async () => {
    expect((await deliver('not json')).status).toBe(400);
    expect((await deliver('{"hello":"world"}')).status).toBe(400);
    expect((await deliver(JSON.stringify({ type: 'email.opened', data: { email_id: 'x', pad: 'x'.repeat(300_000) } }))).status).toBe(413);
    expect((await counts(t.deps.db)).events).toBe(0);
  });
});

describe('events: lookup and suppression', () => {
  it('ties an event to its delivery, edition and persona', async () => {
    const s = await activeSubscriber(t, 'ana@example.com', { persona: 'investor' });
    await markSent(t.deps.db);
    const d = await sentDelivery(t.deps.db, s, 1, 0, 'prov-ana');
    await deliver(resendEvent('email.clicked', { email_id: 'prov-ana', to: 'ana@example.com', link: 'https://example.com/x' }), { id: 'msg_c' });
    const [row] = await t.deps.db.select().from(events);
    expect(row).toMatchObject({ deliveryId: d.id, editionId: 1, persona: 'investor', providerId: 'prov-ana', type: 'email.clicked' });
    expect(JSON.parse(row.payload).data.click.link).toBe('https://example.com/x');
    expect(row.occurredAt).toBeTruthy();
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
    await deliver(resendEvent('email.opened', { email_id: 'prov-other', tags }), { id: 'msg_t3' });
    // Tags without a delivery tag (a confirmation email, a test copy) are about no delivery.
    await deliver(resendEvent('email.opened', { email_id: 'prov-tag', tags: { category: 'confirm' } }), { id: 'msg_t4' });
    const rows = await t.deps.db.select().from(events).orderBy(events.id);
    expect(rows.map((r) => [r.svixId, r.deliveryId])).toEqual([['msg_t1', d.id], ['msg_t2', d.id], ['msg_t3', null], ['msg_t4', null]]);
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
    expect(await counts(t.deps.db)).toMatchObject({ events: 1, suppressions: 0 });
  });
});
