/**
 * A send of a translated edition, through the real Resend SDK and the strict Resend imitation:
 * the missing translations are written before the first batch; Spanish readers get the Spanish
 * title (subject too), dek and body with `lang="es"` and a line saying Claude translated it, with
 * a link to the original; English readers get the original. A retried batch — in the same run,
 * or after a restart that prepares the send again — is byte-identical, because a translation never
 * changes once the send has started (not even when Claude comes back).
 */
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, editions } from '../../src/db/schema.js';
import { prepareSend, type SendContext } from '../../src/delivery/batch.js';
import { messageFor, recipientFor } from '../../src/delivery/compose.js';
import type { Progress } from '../../src/delivery/plan.js';
import { tldrStep } from '../../src/delivery/tldr-step.js';
import { ResendMailer } from '../../src/mail/resend.js';
import { listTranslations } from '../../src/translation/store.js';
import { startFakeResend, type FakeResend, type StoredEmail } from '../fakes/resend-server.js';
import { addReaders, askForTranslation, SEED_EDITION_ID, translationCalls, translationHarness, translationsPath, type TranslationHarness } from './helpers.js';

const SLUG = '58-amazon-just-bet-25-billion-on-anthropic-heres-what-actually';
const ORIGINAL_URL = `https://news.example.com/editions/${SLUG}?lang=en`;
const ORIGINAL_TITLE = "Amazon just bet $25 billion on Anthropic — here's what actually changes";

let h: TranslationHarness;
let resend: FakeResend;
beforeEach(async () => {
  resend = await startFakeResend();
  h = await translationHarness({ mailer: new ResendMailer({ apiKey: 're_test_key', baseUrl: resend.url }), env: { MAIL_FROM: 'Primera Plana <news@example.com>' }, config: { sendRate: 1000 }, engine: { concurrency: 1 } });
  // Two readers of each language; addReaders names them r<n>-<persona>@example.com.
  await addReaders(h.t, [['everyday', 'en'], ['engineer', 'es'], ['investor', 'es'], ['executive', 'en']]);
});
afterEach(async () => {
  await h.close();
  await resend.close();
});

const mails = (language: 'en' | 'es') => resend.emails.filter((m) => (language === 'es' ? /engineer|investor/ : /everyday|executive/).test(m.to.join()));
const progress = async () => (await (await h.t.admin(`/editions/${SEED_EDITION_ID}/progress`)).json()) as Progress;

function expectSpanish(m: StoredEmail) {
  expect(m.subject).toContain('25.000 millones de dólares');
  expect(m.subject).not.toBe(ORIGINAL_TITLE);
  expect(m.html).toMatch(/<h1[^>]*lang="es"[^>]*>[^<]*25\.000 millones de dólares/);
  const body = /<div lang="es">([\s\S]*?)<\/div>/.exec(m.html ?? "")?.[1] ?? "";
  expect(body).toContain('380.000 millones de dólares');
  expect(body).not.toContain('$380 billion');
  expect(m.text).toContain('Traducido del inglés por Claude');
  expect(m.html).toContain(`href="${ORIGINAL_URL}"`);
  expect(m.text).toContain('Leer el original');
}

function expectOriginal(m: StoredEmail) {
  expect(m.subject).toBe(ORIGINAL_TITLE);
  expect(m.html).toMatch(/<div lang="en">[\s\S]*\$380 billion/);
  expect(m.text).not.toMatch(/Translated from|Traducido/);
}

describe('sending a translated edition', () => {
  it('writes the translation before the first batch, mails it to Spanish readers and the original to English ones; a retried batch is replayed', async () => {
    await askForTranslation(h.t);
    resend.loseAnswer(1); // the first batch's answer is lost: the engine retries it with the same key
    expect((await h.t.admin(`/editions/${SEED_EDITION_ID}/send`, { method: 'POST', json: {} })).status).toBe(202);
    await h.t.runner.idle();
    expect(translationCalls(h.fake).map((c) => c.ask.to)).toEqual(['es']);
    expect(await progress()).toMatchObject({ status: 'sent', sent: 4, uncertain: 0, failed: 0 });
    expect(resend.stats.idempotentReplays).toBe(1); // same key, same bytes: Resend answered from its record
    expect(mails('es')).toHaveLength(2);
    mails('es').forEach(expectSpanish);
    expect(mails('en')).toHaveLength(2);
    mails('en').forEach(expectOriginal);
    // Frozen: the editor can no longer change it.
    expect((await h.t.admin(translationsPath('/es'), { method: 'PUT', json: { title: 'Otro', body: 'Otro.' } })).status).toBe(409);
  });

  it('does not translate an edition that did not ask', async () => {
    await h.t.admin(`/editions/${SEED_EDITION_ID}/send`, { method: 'POST', json: {} });
    await h.t.runner.idle();
    expect(translationCalls(h.fake)).toHaveLength(0);
    resend.emails.forEach(expectOriginal);
    expect(mails('es')[0].text).not.toMatch(/traducción/);
  });
});

/** Every recipient's message as a send prepared now would compose it. */
async function composeAll(ctx: SendContext) {
  const rows = await h.t.deps.db.select().from(deliveries).where(eq(deliveries.editionId, SEED_EDITION_ID)).orderBy(asc(deliveries.seq));
  const out = [];
  for (const r of rows) {
    const m = messageFor(h.t.deps.config, ctx.edition, await ctx.variantOf(r.persona, r.language), recipientFor(h.t.deps.config, ctx.edition, ctx.source.personas, r), r.persona, r.id);
    out.push({ to: m.to, subject: m.subject, html: m.html, text: m.text });
  }
  return out;
}

async function startSending() {
  await askForTranslation(h.t);
  await h.t.deps.db.update(editions).set({ status: 'sending' }).where(eq(editions.id, SEED_EDITION_ID));
}

describe('a send prepared again (a restart, another Worker isolate)', () => {
  it('composes byte-identical messages and asks Claude nothing more', async () => {
    await startSending();
    const first = await composeAll(await prepareSend(h.t.deps, SEED_EDITION_ID, tldrStep(h.t.deps)));
    const calls = h.fake.calls.length;
    const again = await composeAll(await prepareSend(h.t.deps, SEED_EDITION_ID, tldrStep(h.t.deps)));
    expect(h.fake.calls).toHaveLength(calls);
    expect(again).toEqual(first);
    expect(first.filter((m) => m.html.includes('lang="es"'))).toHaveLength(2);
  });

  it('keeps the original, honestly labelled, when Claude was unavailable as the send began — even once Claude is back', async () => {
    await startSending();
    h.fake.fail(100, { status: 503 }); // TL;DRs and the translation all fall back
    const first = await composeAll(await prepareSend(h.t.deps, SEED_EDITION_ID, tldrStep(h.t.deps)));
    expect((await listTranslations(h.t.deps.db, SEED_EDITION_ID)).map((t) => [t.language, t.source])).toEqual([['es', 'fallback']]);
    h.fake.clear(); // Claude answers again
    const again = await composeAll(await prepareSend(h.t.deps, SEED_EDITION_ID, tldrStep(h.t.deps)));
    expect(translationCalls(h.fake)).toHaveLength(0);
    expect(again).toEqual(first);
    const es = first.find((m) => /engineer/.test(m.to))!;
    expect(es.subject).toBe(ORIGINAL_TITLE);
    expect(es.text).toContain('No había una traducción al español: este es el original, en inglés.');
    expect(es.html).toMatch(/<div lang="en">[\s\S]*\$380 billion/);
  });

  it('gives Spanish readers the original, labelled, when the translation was flagged', async () => {
    h.translateWith((t) => ({ ...t, body: t.body.replace('380.000 millones', '480.000 millones') }));
    await addReaders(h.t, []);
    await h.t.admin(translationsPath(), { method: 'POST' });
    await h.t.deps.db.update(editions).set({ status: 'sending' }).where(eq(editions.id, SEED_EDITION_ID));
    const messages = await composeAll(await prepareSend(h.t.deps, SEED_EDITION_ID, tldrStep(h.t.deps)));
    for (const m of messages) {
      expect(m.html).not.toContain('480.000 millones');
      expect(m.subject).toBe(ORIGINAL_TITLE);
    }
    expect(messages.find((m) => /investor/.test(m.to))!.text).toContain('No había una traducción al español');
  });
});
