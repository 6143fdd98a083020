/**
 * The subscriber counts the console shows (status × persona × language) are kept by the database
 * itself, so they stay exact whichever route writes a subscriber: a seeded random walk through the
 * real routes (API create/patch/erase/import, persona delete, public subscribe, one-click
 * unsubscribe, a bounce webhook), compared after every step with a full GROUP BY.
 */
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscribers } from '../../src/db/schema.js';
import { subscriberCountCells } from '../../src/subscribers/counts.js';
import { newWebhookSecret, resendEvent, signSvixWebhook } from '../fakes/resend-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { mulberry32, seedFrom } from '../helpers/random.js';
import { markSent, postForm, postJson, sentDelivery, tokenFor } from '../reader/helpers.js';

let t: TestApp;
let secret: string;
beforeEach(async () => {
  secret = newWebhookSecret();
  t = await makeTestApp({ config: { resendWebhookSecret: secret, sendRate: 1000 } }); // confirmations need not wait
});
afterEach(() => t.close());

const truth = async () =>
  (
    await t.deps.db.all<{ status: string; persona: string; language: string; n: number }>(
      sql`select status, persona, language, count(*) as n from subscribers group by 1, 2, 3 order by persona, language, status`,
    )
  ).map((r) => ({ ...r }));

describe('subscriber counts', () => {
  it('follow every kind of write, step by step (seeded)', async () => {
    const seed = seedFrom(process.env.COUNTS_SEED, 'COUNTS_SEED');
    console.log(`counts walk: COUNTS_SEED=${seed}`);
    const rnd = mulberry32(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const personas = ['everyday', 'executive', 'engineer', 'investor'];
    const languages = ['en', 'es', 'pt'];
    const ids = async () => (await t.deps.db.select({ id: subscribers.id }).from(subscribers)).map((r) => r.id);
    await markSent(t.deps.db);
    let made = 0;
    let seq = 0;
    const steps: Record<string, () => unknown> = {
      create: () => t.admin('/subscribers', { method: 'POST', json: { email: `a${made++}@example.com`, persona: pick(personas), language: pick(languages) } }),
      patch: async () => {
        const all = await ids();
        if (!all.length) return;
        const patch = pick([{ persona: pick(personas) }, { language: pick(languages) }, { status: pick(['active', 'unsubscribed', 'pending']) }, { name: 'Renamed' }]);
        return t.admin(`/subscribers/${pick(all)}`, { method: 'PATCH', json: patch });
      },
      erase: async () => {
        const all = await ids();
        if (all.length) return t.admin(`/subscribers/${pick(all)}`, { method: 'DELETE' });
      },
      import: () => {
        const rows = Array.from({ length: 5 }, () => `i${made++}@example.com,Imported,${pick(personas)},${pick(languages)}`);
        // One address twice and one already there: ignored rows must not count.
        rows.push(rows[0], 'a0@example.com,Again,everyday,en');
        return t.admin('/subscribers/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `email,name,persona,language\n${rows.join('\n')}\n` });
      },
      subscribe: () => postJson(t, '/api/subscribe', { email: `p${made++}@example.com`, persona: pick(personas), language: pick(languages) }),
      unsubscribe: async () => {
        const s = await t.deps.db.select().from(subscribers).where(eq(subscribers.status, 'active')).get();
        if (s) return postForm(t, `/unsubscribe/${tokenFor(s, 'unsubscribe')}`, { 'List-Unsubscribe': 'One-Click' });
      },
      bounce: async () => {
        const s = await t.deps.db.select().from(subscribers).where(eq(subscribers.status, 'active')).get();
        if (!s) return;
        await sentDelivery(t.deps.db, s, 1, seq++, `prov-${seq}`);
        const body = JSON.stringify(resendEvent('email.bounced', { email_id: `prov-${seq}`, bounceType: 'Permanent' }));
        return t.app.request('/webhooks/resend', { method: 'POST', headers: { 'content-type': 'application/json', ...signSvixWebhook(secret, body) }, body });
      },
      deletePersona: async () => {
        const slug = `temp-${made++}`;
        await t.admin('/personas', { method: 'POST', json: { slug, label: 'Temp', description: 'A persona that will be deleted soon.' } });
        const all = await ids();
        for (const id of all.slice(0, 3)) await t.admin(`/subscribers/${id}`, { method: 'PATCH', json: { persona: slug } });
        return t.admin(`/personas/${slug}`, { method: 'DELETE' });
      },
    };
    const names = Object.keys(steps);
    for (let i = 0; i < 60; i++) {
      const step = i < 8 ? 'create' : pick(names);
      await steps[step]();
      const counted = (await subscriberCountCells(t.deps.db)).map((r) => ({ ...r }));
      expect(counted, `after step ${i} (${step}), COUNTS_SEED=${seed}`).toEqual(await truth());
    }
    expect((await truth()).length).toBeGreaterThan(3);
  });
});
