/**
 * Writing translations through the real SDK and the fake Claude: an answer the guard refuses (a
 * figure changed or dropped, the structure broken, cut short) is asked for once more with the
 * problem spelled out; refused twice, it is flagged for the editor and never used — readers of
 * that language get the original. Claude failing or missing never stalls anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requireEdition } from '../../src/editions/store.js';
import { ensureTranslations } from '../../src/translation/service.js';
import { listTranslations } from '../../src/translation/store.js';
import type { ArticleParts, TranslationAsk } from '../fakes/anthropic-translate.js';
import {
  addReaders,
  askForTranslation,
  SEED_EDITION_ID,
  translationCalls,
  translationHarness,
  translationsPath,
  type TranslationHarness,
  type TranslationsAnswer,
} from './helpers.js';

let h: TranslationHarness;
afterEach(async () => {
  await h.close();
});

const post = async (suffix = '') => (await (await h.t.admin(translationsPath(suffix), { method: 'POST' })).json()) as TranslationsAnswer;

/** Spanish readers and French readers; the edition is in English. */
async function setup(options: Parameters<typeof translationHarness>[0] = {}) {
  h = await translationHarness(options);
  await addReaders(h.t, [['engineer', 'es'], ['investor', 'fr']]);
}

/** Wrong on the first try for `language`, right on the next. */
const wrongOnce = (language: string, wrong: (t: ArticleParts) => ArticleParts) => (t: ArticleParts, ask: TranslationAsk) =>
  ask.to === language && !ask.correction ? wrong(t) : t;
const changeFigure = (t: ArticleParts) => ({ ...t, body: t.body.replace('380.000 millones', '480.000 millones') });

describe('the faithfulness guard, through Claude', () => {
  it('refuses a translation with a changed figure and asks again with the problem spelled out', async () => {
    await setup();
    h.translateWith(wrongOnce('es', changeFigure));
    const { data } = await post();
    const es = translationCalls(h.fake).filter((c) => c.ask.to === 'es');
    expect(es).toHaveLength(2);
    const correction = es[1].ask.correction!;
    expect(correction.problem).toContain('these figures are not in the original: 480.000 millones');
    expect(correction.problem).toContain('these figures of the original are missing or changed: $380 billion');
    expect(correction.previous.body).toContain('480.000 millones'); // the refused answer, as the assistant turn
    // The second answer is right: stored as Claude's, both calls counted in its tokens.
    const row = data.find((t) => t.language === 'es')!;
    expect(row).toMatchObject({ source: 'claude', flagged: false });
    expect(row.body).toContain('380.000 millones');
    expect(row.outputTokens).toBe(es[0].usage.output_tokens + es[1].usage.output_tokens);
  });

  it('flags a translation whose figure stays changed, keeps the refused text for review, and never uses it', async () => {
    await setup();
    h.translateWith((t, ask) => (ask.to === 'es' ? changeFigure(t) : t));
    const { data } = await post();
    const es = data.find((t) => t.language === 'es')!;
    expect(es).toMatchObject({ source: 'fallback', flagged: true, flagReason: expect.stringMatching(/^Figures not in the original: 480\.000 millones/) });
    expect(es.body).toContain('480.000 millones'); // for the editor to correct and PUT
    expect(es.costUsd).toBeGreaterThan(0);
    expect(data.find((t) => t.language === 'fr')).toMatchObject({ source: 'claude', flagged: false });
    expect(translationCalls(h.fake).filter((c) => c.ask.to === 'es')).toHaveLength(2);
    // Flagged ones are not asked again by the next run: the editor regenerates or writes their own.
    await post();
    expect(translationCalls(h.fake)).toHaveLength(3);
  });

  it('refuses a dropped figure the same way', async () => {
    await setup();
    h.translateWith((t, ask) => (ask.to === 'fr' ? { ...t, body: t.body.replace(/^.*50 milliards.*$/m, '') } : t));
    const { data } = await post();
    expect(data.find((t) => t.language === 'fr')).toMatchObject({ source: 'fallback', flagged: true, flagReason: expect.stringContaining('Figures of the original missing: $50 billion') });
  });

  it('refuses a broken structure: a heading lost, a link changed', async () => {
    await setup();
    h.translateWith(wrongOnce('es', (t) => ({ ...t, body: t.body.replace(/^## /m, '') })));
    await post();
    const again = translationCalls(h.fake).find((c) => c.ask.to === 'es' && c.ask.correction);
    expect(again?.ask.correction?.problem).toMatch(/the original has 4 headings \(levels 2, 2, 2, 2\), the translation 3/);
  });

  it('refuses an answer cut short at max_tokens, twice: flagged as unusable', async () => {
    await setup();
    h.translateWith((t, ask) => (ask.to === 'es' ? { ...t, body: t.body.repeat(8) } : t));
    const { data } = await post();
    expect(data.find((t) => t.language === 'es')).toMatchObject({ source: 'fallback', flagged: true, flagReason: "Claude's answer was unusable: the model stopped early (max_tokens)" });
    const es = translationCalls(h.fake).filter((c) => c.ask.to === 'es');
    expect(es.map((c) => c.response.stop_reason)).toEqual(['max_tokens', 'max_tokens']);
    expect(es[0].request.max_tokens).toBeGreaterThan(es[0].ask.article.body.length / 4);
  });
});

describe('what is stored', () => {
  it('a title or dek answered over several lines is stored as one line (it becomes the subject)', async () => {
    await setup();
    h.translateWith((t) => ({ ...t, title: t.title.replace(' — ', '\n— '), dek: `  ${t.dek.replace('. ', '.\r\n')}  ` }));
    const { data } = await post();
    for (const t of data) {
      expect(t.source).toBe('claude');
      expect(t.title).not.toMatch(/[\r\n]/);
      expect(t.dek).not.toMatch(/[\r\n]|^\s|\s$/);
    }
  });
});

describe('when Claude is unavailable', () => {
  it('falls back to the original after the SDK’s retries, stops calling for the other languages, and the next run retries', async () => {
    await setup();
    h.fake.fail(3, { status: 500 });
    const first = await post();
    expect(h.fake.requests).toHaveLength(3); // 1 try + 2 SDK retries; French is not even asked
    for (const t of first.data) expect(t).toMatchObject({ source: 'fallback', flagged: false, title: '', body: '', flagReason: expect.stringMatching(/^Claude was unavailable: 500/) });
    const second = await post();
    expect(second.data.map((t) => t.source)).toEqual(['claude', 'claude']);
  });

  it('with no key at all, the send stores the fallback for each language and calls nobody', async () => {
    await setup({ noKey: true });
    await askForTranslation(h.t);
    await ensureTranslations(h.t.deps, await requireEdition(h.t.deps.db, SEED_EDITION_ID), ['en', 'es', 'fr']);
    const rows = await listTranslations(h.t.deps.db, SEED_EDITION_ID);
    expect(rows.map((t) => [t.language, t.source, t.flagged])).toEqual([['es', 'fallback', false], ['fr', 'fallback', false]]);
    expect(h.fake.requests).toHaveLength(0);
  });

  it('the send writes nothing for an edition that did not ask for translations', async () => {
    await setup();
    await ensureTranslations(h.t.deps, await requireEdition(h.t.deps.db, SEED_EDITION_ID), ['en', 'es', 'fr']);
    expect(await listTranslations(h.t.deps.db, SEED_EDITION_ID)).toEqual([]);
    expect(h.fake.calls).toHaveLength(0);
  });
});
