import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Subscriber } from '../../src/db/schema.js';
import { newWebhookSecret, resendEvent, signSvixWebhook, type ResendEmailEventType } from '../fakes/resend-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { activeSubscriber, markSent, sentDelivery, tokenFor } from './helpers.js';

let t: TestApp;
let secret: string;
beforeEach(async () => {
  secret = newWebhookSecret();
  t = await makeTestApp({ config: { resendWebhookSecret: secret } });
});
afterEach(() => t.close());

async function hook(type: ResendEmailEventType, emailId: string, extra: { bounceType?: 'Permanent' | 'Transient'; link?: string } = {}) {
  const body = JSON.stringify(resendEvent(type, { email_id: emailId, ...extra }));
  const res = await t.app.request('/webhooks/resend', { method: 'POST', headers: { 'content-type': 'application/json', ...signSvixWebhook(secret, body) }, body });
  expect(res.status).toBe(200);
}

describe('GET /api/admin/editions/:id/stats', () => {
  it('counts unique deliveries per persona and in total', async () => {
    await markSent(t.deps.db);
    const people: Record<string, Subscriber> = {};
    const plan: [string, string][] = [
      ['e1', 'engineer'], ['e2', 'engineer'], ['e3', 'engineer'],
      ['x1', 'executive'], ['x2', 'executive'],
      ['v1', 'everyday'],
    ];
    let seq = 0;
    for (const [who, persona] of plan) {
      people[who] = await activeSubscriber(t, `${who}@example.com`, { persona });
      await sentDelivery(t.deps.db, people[who], 1, seq++, `prov-${who}`);
    }
    // engineer: all delivered; e1 opens three times and clicks twice; e2 opens once.
    for (const who of ['e1', 'e2', 'e3', 'x1', 'v1']) await hook('email.delivered', `prov-${who}`);
    await hook('email.opened', 'prov-e1');
    await hook('email.opened', 'prov-e1');
    await hook('email.opened', 'prov-e1');
    await hook('email.clicked', 'prov-e1');
    await hook('email.clicked', 'prov-e1');
    await hook('email.opened', 'prov-e2');
    // executive: x2 bounces hard, x1 complains; a transient bounce on v1 is not a bounce.
    await hook('email.bounced', 'prov-x2', { bounceType: 'Permanent' });
    await hook('email.complained', 'prov-x1');
    await hook('email.bounced', 'prov-v1', { bounceType: 'Transient' });
    // An event about an unknown email is stored but belongs to no edition.
    await hook('email.opened', 'prov-unknown');
    // e3 unsubscribes from the edition's link (twice: counted once).
    const unsub = `/unsubscribe/${tokenFor(people.e3, 'unsubscribe')}`;
    await t.app.request(unsub, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    await t.app.request(unsub, { method: 'POST' });

    const res = await t.admin('/editions/1/stats');
    expect(res.status).toBe(200);
    const stats = (await res.json()) as { editionId: number; total: Record<string, number>; personas: Record<string, unknown>[] };
    expect(stats.editionId).toBe(1);
    expect(stats.personas).toEqual([
      { persona: 'everyday', label: 'Everyday reader', sent: 1, delivered: 1, opened: 0, clicked: 0, bounced: 0, complained: 0, unsubscribed: 0 },
      { persona: 'executive', label: 'Executive', sent: 2, delivered: 1, opened: 0, clicked: 0, bounced: 1, complained: 1, unsubscribed: 0 },
      { persona: 'engineer', label: 'Engineer', sent: 3, delivered: 3, opened: 2, clicked: 1, bounced: 0, complained: 0, unsubscribed: 1 },
    ]);
    expect(stats.total).toEqual({ sent: 6, delivered: 5, opened: 2, clicked: 1, bounced: 1, complained: 1, unsubscribed: 1 });
  });

  it('answers zeros for an edition with no send, 404 for an unknown one, 401 without the token', async () => {
    const res = await t.admin('/editions/1/stats');
    expect(await res.json()).toEqual({
      editionId: 1,
      total: { sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, complained: 0, unsubscribed: 0 },
      personas: [],
      languages: [],
      links: [],
    });
    expect((await t.admin('/editions/999/stats')).status).toBe(404);
    expect((await t.admin('/editions/abc/stats')).status).toBe(404);
    expect((await t.app.request('/api/admin/editions/1/stats')).status).toBe(401);
  });

  it('breaks the numbers down per language, and counts the readers who clicked each link', async () => {
    await markSent(t.deps.db);
    const plan: [string, string, string][] = [['a', 'engineer', 'en'], ['b', 'engineer', 'es'], ['c', 'investor', 'es']];
    let seq = 0;
    for (const [who, persona, language] of plan) {
      await sentDelivery(t.deps.db, await activeSubscriber(t, `${who}@example.com`, { persona, language }), 1, seq++, `prov-${who}`);
    }
    const base = 'https://news.example.com';
    await hook('email.clicked', 'prov-a', { link: 'https://example.com/report' });
    await hook('email.clicked', 'prov-a', { link: 'https://example.com/report' });
    await hook('email.clicked', 'prov-b', { link: 'https://example.com/report' });
    // Every reader's own "Read it as…" and unsubscribe links are one link each, without the token.
    await hook('email.clicked', 'prov-b', { link: `${base}/editions/0058-x?as=investor&t=dS5zdWJfMDAwMDAwMDAwYTAwMDAwMDAwMDAwMDAwMDAwMDAwLjE.AAAAAAAAAAAAAAAAAAAAAA` });
    await hook('email.clicked', 'prov-c', { link: `${base}/editions/0058-x?as=investor&t=dS5zdWJfMDAwMDAwMDAxYTAwMDAwMDAwMDAwMDAwMDAwMDAwLjE.BBBBBBBBBBBBBBBBBBBBBB` });
    await hook('email.clicked', 'prov-c', { link: `${base}/unsubscribe/dS5zdWJfMDAwMDAwMDAxYTAwMDAwMDAwMDAwMDAwMDAwMDAwLjE.CCCCCCCCCCCCCCCCCCCCCC` });
    await hook('email.delivered', 'prov-c');

    const stats = (await (await t.admin('/editions/1/stats')).json()) as { languages: unknown[]; links: unknown[] };
    expect(stats.languages).toEqual([
      { language: 'en', sent: 1, delivered: 0, opened: 0, clicked: 1, bounced: 0, complained: 0, unsubscribed: 0 },
      { language: 'es', sent: 2, delivered: 1, opened: 0, clicked: 2, bounced: 0, complained: 0, unsubscribed: 0 },
    ]);
    expect(stats.links).toEqual([
      { url: 'https://example.com/report', clicked: 2 },
      { url: `${base}/editions/0058-x?as=investor`, clicked: 2 },
      { url: `${base}/unsubscribe`, clicked: 1 },
    ]);
  });
});
