/**
 * The translation guard, pure: the structure kept (marked's lexer), and every figure of title,
 * dek and body kept by value across languages, both ways — a changed figure and a dropped one
 * are both refused. The translations are the fake translator's of the seed edition.
 */
import { describe, expect, it } from 'vitest';
import { readSeedMarkdown } from '../../src/editions/seed.js';
import { parseEditionMarkdown } from '../../src/editions/parse.js';
import { checkTranslation } from '../../src/translation/check.js';
import { outline, structureProblems, visibleText } from '../../src/translation/structure.js';
import { pseudoTranslate, type ArticleParts } from '../fakes/anthropic-translate.js';

const seed = parseEditionMarkdown(readSeedMarkdown());
const original: ArticleParts = { title: seed.title, dek: seed.dek, body: seed.body };
const es = pseudoTranslate(original, 'es');
const check = (t: ArticleParts, language = 'es') => checkTranslation(original, t, { from: 'en', language });
const failed = (t: ArticleParts, language = 'es') => {
  const r = check(t, language);
  if (r.ok) throw new Error('expected the guard to refuse it');
  return r;
};

describe('a faithful translation', () => {
  it.each(['es', 'fr', 'pt'])('passes in %s, its amounts written the language’s way', (language) => {
    const t = pseudoTranslate(original, language);
    expect(t.body).not.toBe(original.body);
    expect(check(t, language)).toEqual({ ok: true });
  });

  it('the Spanish one spells the amounts in Spanish', () => {
    expect(es.title).toContain('25.000 millones de dólares');
    expect(es.body).toContain('380.000 millones de dólares');
    expect(es.body).toContain('9000 millones de dólares');
  });
});

describe('a changed figure is refused', () => {
  it('in the body: the new figure is not in the original, and the original’s is missing', () => {
    const r = failed({ ...es, body: es.body.replace('380.000 millones', '480.000 millones') });
    expect(r.problem).toContain('these figures are not in the original: 480.000 millones');
    expect(r.problem).toContain('these figures of the original are missing or changed: $380 billion');
    expect(r.reason).toMatch(/^Figures not in the original: 480\.000 millones/);
  });

  it('in the title', () => {
    const r = failed({ ...es, title: es.title.replace('25.000', '35.000') });
    expect(r.problem).toContain('35.000 millones');
  });

  it('a percentage that was an amount, or a year moved', () => {
    expect(failed({ ...es, body: es.body.replace('2028', '2029') }).problem).toMatch(/2029.*2028/s);
    const withPercent = { ...original, body: `${original.body}\n\nMargins rose 12% in 2025.` };
    const t = pseudoTranslate(withPercent, 'es');
    expect(checkTranslation(withPercent, t, { from: 'en', language: 'es' }).ok).toBe(true);
    const r = checkTranslation(withPercent, { ...t, body: t.body.replace('12%', '12') }, { from: 'en', language: 'es' });
    expect(r.ok).toBe(false);
  });
});

describe('a dropped figure is refused', () => {
  it('a sentence left out takes its figures with it', () => {
    const body = es.body.replace(/^.*50\.000 millones.*$/m, '');
    expect(body).not.toBe(es.body);
    const r = failed({ ...es, body });
    expect(r.problem).toContain('these figures of the original are missing or changed: $50 billion');
    expect(r.reason).toContain('Figures of the original missing: $50 billion');
  });
});

describe('the structure must be kept', () => {
  it('a heading dropped or demoted', () => {
    expect(failed({ ...es, body: es.body.replace(/^## (.*Amazon.*)$/m, '$1') }).problem).toMatch(/the original has 4 headings \(levels 2, 2, 2, 2\), the translation 3/);
    expect(failed({ ...es, body: es.body.replace(/^## /m, '### ') }).problem).toMatch(/levels 3, 2, 2, 2/);
  });

  it('a link whose URL changed, a list that lost an item, a table that lost a row', () => {
    const md = '## Sources\n\n- [The report](https://example.com/report-2026) says 5.\n- Second\n- Third\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n';
    expect(structureProblems(md, md)).toEqual([]);
    expect(structureProblems(md, md.replace('report-2026', 'informe-2026')).join()).toContain(
      'the links differ (missing https://example.com/report-2026; added https://example.com/informe-2026); keep every link’s URL exactly'.replace('’', "'"),
    );
    expect(structureProblems(md, md.replace('- Third\n', '')).join()).toContain("the original's lists have 3 items, the translation's 2");
    expect(structureProblems(md, md.replace('| 3 | 4 |\n', '')).join()).toContain("the original's tables are 2×2, the translation's 1×2");
  });

  it('paragraphs may merge a little, not be summarised away', () => {
    const joinedTwo = es.body.replace(/\n\nUnderstanding/, ' Understanding');
    expect(structureProblems(original.body, joinedTwo)).toEqual([]);
    const halved = es.body
      .split('\n\n')
      .filter((block, i) => block.startsWith('## ') || i % 2 === 0)
      .join('\n\n');
    expect(structureProblems(original.body, halved).join()).toMatch(/the original has 17 paragraphs, the translation \d+; translate every paragraph/);
  });

  it('a dek dropped, or invented', () => {
    expect(failed({ ...es, dek: '' }).problem).toContain('the dek is missing');
    const noDek = { ...original, dek: '' };
    expect(checkTranslation(noDek, es, { from: 'en', language: 'es' }).ok).toBe(false);
  });
});

describe('an answer that is not a translation', () => {
  it('the original sent back as it is, is refused', () => {
    expect(failed({ ...original }).problem).toContain('the body is the original, untranslated');
  });
});

describe('what the guard reads', () => {
  it('figures in link text, images and table cells, but not in URLs', () => {
    const md = 'See [the 2026 report](https://example.com/p/99) and ![a chart of 7 bars](https://example.com/c.png).\n\n| year | revenue |\n|---|---|\n| 2025 | $9 billion |\n';
    const text = visibleText(md);
    for (const s of ['2026 report', 'a chart of 7 bars', '2025', '$9 billion']) expect(text).toContain(s);
    expect(text).not.toContain('99');
    expect(outline(md)).toMatchObject({ links: ['https://example.com/p/99'], images: ['https://example.com/c.png'], tables: ['1×2'] });
    const changedCell = md.replace('| 2025 | $9 billion |', '| 2025 | $8 billion |');
    const r = checkTranslation({ title: 'T', dek: '', body: md }, { title: 'T', dek: '', body: changedCell }, { from: 'en', language: 'en' });
    expect(r).toMatchObject({ ok: false, problem: expect.stringContaining('$8 billion') });
  });
});
