/**
 * The admin routes for translations, end to end: the real SDK, the fake Anthropic server over
 * HTTP. POST translates every language of the edition's readers but its own (one call per
 * language, the article read from the cache after the first) and turns translation on; PUT is the
 * editor's own text, which Claude never overwrites; GET lists them with their costs, which the
 * edition view shows next to the TL;DR costs. Nothing changes once the send has started.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editions } from '../../src/db/schema.js';
import { estimateCostUsd } from '../../src/tldr/pricing.js';
import { readSeedMarkdown } from '../../src/editions/seed.js';
import {
  addReaders,
  MODEL,
  SEED_EDITION_ID,
  translationCalls,
  translationHarness,
  translationsPath,
  type TranslationHarness,
  type TranslationsAnswer,
  type TranslationView,
} from './helpers.js';

let h: TranslationHarness;
beforeEach(async () => {
  h = await translationHarness();
});
afterEach(async () => {
  await h.close();
});

const post = async (suffix = '') => {
  const res = await h.t.admin(translationsPath(suffix), { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as TranslationsAnswer;
};
const list = async () => (await (await h.t.admin(translationsPath())).json()) as TranslationsAnswer;
const editorText = { title: 'Amazon apuesta 25.000 millones de dólares por Anthropic', dek: 'La traducción del editor.', body: 'El cuerpo, traducido por el editor.\n\n## Una sección\n\nCon 30.000 millones de dólares.' };
const put = (lang: string, json: unknown = editorText) => h.t.admin(translationsPath(`/${lang}`), { method: 'PUT', json });

describe('POST /editions/:id/translations', () => {
  it('translates into every language its active readers read but its own, with Claude, and turns translation on', async () => {
    await addReaders(h.t, [['everyday', 'en'], ['engineer', 'es'], ['executive', 'es'], ['investor', 'fr']]);
    await addReaders(h.t, [['everyday', 'de']], 'pending'); // not active: not translated
    const body = await post();
    expect(body.translate).toBe(true);
    expect(body.data.map((t) => t.language)).toEqual(['es', 'fr']);
    for (const t of body.data) expect(t).toMatchObject({ source: 'claude', flagged: false, flagReason: null, model: MODEL });
    const es = body.data[0];
    expect(es.title).toContain('25.000 millones de dólares');
    expect(es.body).toContain('## '); // Markdown kept
    expect(es.body.match(/^## /gm)).toHaveLength(4);
    expect(body.data[1].title).toContain('25 milliards de dollars');
    expect(translationCalls(h.fake).map((c) => c.ask.to)).toEqual(['es', 'fr']);
    const stored = await h.t.deps.db.select().from(editions).where(eq(editions.id, SEED_EDITION_ID)).get();
    expect(stored?.translate).toBe(true);
  });

  it('sends the article as a cached prefix: the first language writes it, the next read it', async () => {
    await addReaders(h.t, [['engineer', 'es'], ['investor', 'fr'], ['everyday', 'pt']]);
    h.fake.delay(150, 1); // a slow first call: the others must still wait for it
    const body = await post();
    const calls = translationCalls(h.fake);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => JSON.stringify(c.request.system))).size).toBe(1); // byte-identical prefix
    const [first, ...rest] = calls;
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    for (const c of rest) {
      expect(c.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
      expect(c.usage.cache_creation_input_tokens).toBe(0);
      expect(c.usage.input_tokens).toBeLessThan(50);
    }
    // What the fake counted is what is stored, and priced.
    const byLanguage = new Map(body.data.map((t) => [t.language, t]));
    for (const c of calls) {
      const t = byLanguage.get(c.ask.to)!;
      expect(t).toMatchObject({
        inputTokens: c.usage.input_tokens,
        cacheWriteTokens: c.usage.cache_creation_input_tokens,
        cacheReadTokens: c.usage.cache_read_input_tokens,
        outputTokens: c.usage.output_tokens,
      });
      const usage = { inputTokens: t.inputTokens, outputTokens: t.outputTokens, cacheWriteTokens: t.cacheWriteTokens, cacheReadTokens: t.cacheReadTokens };
      expect(t.costUsd).toBeCloseTo(estimateCostUsd(MODEL, usage), 6);
    }
    expect(body.totals.calls).toBe(3);
    expect(body.totals.costUsd).toBeCloseTo(body.data.reduce((n, t) => n + t.costUsd, 0), 6);
  });

  it('makes no call for a translation that exists; ?regenerate=<lang> translates that one again', async () => {
    await addReaders(h.t, [['engineer', 'es'], ['investor', 'fr']]);
    await post();
    expect(translationCalls(h.fake)).toHaveLength(2);
    await post();
    expect(translationCalls(h.fake)).toHaveLength(2);
    const again = await post('?regenerate=es');
    expect(translationCalls(h.fake).map((c) => c.ask.to)).toEqual(['es', 'fr', 'es']);
    expect(again.data).toHaveLength(2);
  });

  it('refuses to regenerate an unknown language or the edition’s own', async () => {
    for (const q of ['?regenerate=xx', '?regenerate=en', '?regenerate=']) {
      const res = await h.t.admin(translationsPath(q), { method: 'POST' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'validation_error', message: expect.stringMatching(/^regenerate: /) });
    }
    expect(h.fake.calls).toHaveLength(0);
  });

  it('answers 404 for an unknown edition', async () => {
    expect((await h.t.admin('/editions/999/translations', { method: 'POST' })).status).toBe(404);
    expect((await h.t.admin('/editions/999/translations')).status).toBe(404);
    expect((await h.t.admin('/editions/999/translations/es', { method: 'PUT', json: editorText })).status).toBe(404);
  });
});

describe('PUT /editions/:id/translations/:lang', () => {
  it('stores the editor’s own translation, turns translation on, and Claude never overwrites it', async () => {
    await addReaders(h.t, [['engineer', 'es'], ['investor', 'fr']]);
    const res = await put('es');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ language: 'es', ...editorText, source: 'editor', flagged: false, costUsd: 0, model: null });
    expect((await list()).translate).toBe(true);
    await post();
    await post('?regenerate=es');
    expect(translationCalls(h.fake).map((c) => c.ask.to)).toEqual(['fr']);
    const es = (await list()).data.find((t) => t.language === 'es')!;
    expect(es).toMatchObject({ source: 'editor', title: editorText.title, body: editorText.body });
  });

  it('replaces Claude’s translation with the editor’s, normalising the language (ES-mx → es)', async () => {
    await addReaders(h.t, [['engineer', 'es']]);
    await post();
    expect((await put('ES-mx', { title: 'Otro título', body: 'Otro cuerpo.' })).status).toBe(200);
    const [es] = (await list()).data;
    expect(es).toMatchObject({ language: 'es', source: 'editor', title: 'Otro título', dek: '', body: 'Otro cuerpo.' });
  });

  it.each([
    ['the edition’s own language', 'en', editorText, 'lang'],
    ['an unknown language', 'xx', editorText, 'lang'],
    ['no title', 'es', { body: 'Cuerpo.' }, 'title'],
    ['an empty body', 'es', { title: 'Título', body: '   ' }, 'body'],
    ['a title over two lines', 'es', { title: 'Uno\nDos', body: 'Cuerpo.' }, 'title'],
    ['an unknown field', 'es', { ...editorText, persona: 'engineer' }, 'persona'],
    ['a body over the limit', 'es', { title: 'Título', body: 'x'.repeat(200_001) }, 'body'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_what, lang, json, field) => {
    const res = await put(lang, json);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_error');
    expect(error.message).toMatch(new RegExp(`^${field}|unknown field\\(s\\): ${field}$`));
    expect((await list()).data).toEqual([]);
    expect((await list()).translate).toBe(false);
  });

  it('refuses what is not JSON (415) and malformed JSON (400)', async () => {
    const text = await h.t.admin(translationsPath('/es'), { method: 'PUT', body: 'hola', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const broken = await h.t.admin(translationsPath('/es'), { method: 'PUT', body: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
  });
});

describe('once the send has started', () => {
  it('the translations are frozen: POST and PUT answer 409 and change nothing', async () => {
    await addReaders(h.t, [['engineer', 'es'], ['investor', 'fr']]);
    await post();
    const before = (await list()).data;
    await h.t.deps.db.update(editions).set({ status: 'sending' }).where(eq(editions.id, SEED_EDITION_ID));
    for (const res of [await h.t.admin(translationsPath(), { method: 'POST' }), await h.t.admin(translationsPath('?regenerate=es'), { method: 'POST' }), await put('es')]) {
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/sending/);
    }
    expect((await list()).data).toEqual(before);
    expect(translationCalls(h.fake)).toHaveLength(2);
  });
});

describe('the edition and its translations', () => {
  it('GET /editions/:id shows the translation costs next to the TL;DR costs', async () => {
    await addReaders(h.t, [['engineer', 'es'], ['investor', 'fr']]);
    await h.t.admin(`/editions/${SEED_EDITION_ID}/tldrs`, { method: 'POST' });
    const { totals } = await post();
    const edition = (await (await h.t.admin(`/editions/${SEED_EDITION_ID}`)).json()) as {
      translate: boolean;
      tldrCost: { calls: number; costUsd: number };
      translationCost: TranslationsAnswer['totals'];
    };
    expect(edition.translate).toBe(true);
    expect(edition.tldrCost.calls).toBe(6);
    expect(edition.translationCost).toEqual(totals);
    expect(edition.translationCost.calls).toBe(2);
    // A translation writes the whole article: it costs more than a TL;DR.
    expect(edition.translationCost.costUsd / 2).toBeGreaterThan(edition.tldrCost.costUsd / 6);
  });

  it('a changed text discards Claude’s translations and keeps the editor’s', async () => {
    await addReaders(h.t, [['engineer', 'es'], ['investor', 'fr']]);
    await post();
    await put('fr', { title: 'Le titre', body: 'Le corps.' });
    const res = await h.t.admin(`/editions/${SEED_EDITION_ID}`, { method: 'PATCH', json: { dek: 'A new dek.' } });
    expect(res.status).toBe(200);
    expect((await list()).data.map((t: TranslationView) => [t.language, t.source])).toEqual([['fr', 'editor']]);
    // Switching translation off is not a change of text.
    await h.t.admin(`/editions/${SEED_EDITION_ID}`, { method: 'PATCH', json: { translate: false } });
    expect((await list())).toMatchObject({ translate: false, data: [{ language: 'fr' }] });
  });

  it('takes `translate: true` from the front matter, and refuses a value that is not a boolean', async () => {
    const markdown = readSeedMarkdown().replace('number: 58', 'number: 59\ntranslate: true').replace(/^title: .*$/m, 'title: "Another edition"');
    const created = await h.t.admin('/editions', { method: 'POST', body: markdown, headers: { 'content-type': 'text/markdown' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ number: 59, translate: true });
    const bad = await h.t.admin(`/editions/${SEED_EDITION_ID}`, { method: 'PATCH', json: { translate: 'yes' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^translate: /);
  });
});
