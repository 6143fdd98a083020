/** The faithfulness guard, as a pure function. */
import { describe, expect, it } from 'vitest';
import { readSeedMarkdown } from '../../src/editions/seed.js';
import { parseEditionMarkdown } from '../../src/editions/parse.js';
import { checkFigures, extractFigures, readNumber } from '../../src/tldr/guard.js';
import { articleText } from '../../src/tldr/prompt.js';

const seed = parseEditionMarkdown(readSeedMarkdown());
const article = articleText(seed);
const check = (summary: string, language = 'en') => checkFigures(summary, article, { summary: language, article: 'en' });

describe('readNumber', () => {
  it('reads every convention a figure may follow', () => {
    expect(readNumber('2025')).toEqual([2025]);
    expect(readNumber('4.7')).toEqual([4.7]);
    expect(readNumber('1,5')).toEqual([1.5]);
    expect(readNumber('25,000').sort()).toEqual([25, 25000]);
    expect(readNumber('25.000').sort()).toEqual([25, 25000]);
    expect(readNumber('1.234.567')).toEqual([1234567]);
    expect(readNumber('1,234.5')).toEqual([1234.5]);
    expect(readNumber('1.234,5')).toEqual([1234.5]);
  });
});

describe('extractFigures', () => {
  it('normalises amounts, percentages and scale words', () => {
    const f = (s: string, lang?: string) => extractFigures(s, { lang }).map((x) => ({ raw: x.raw, values: x.values, percent: x.percent }));
    expect(f('$25 billion')).toEqual([{ raw: '$25 billion', values: [25e9], percent: false }]);
    expect(f('$25B and $380bn.')).toEqual([
      { raw: '$25B', values: [25e9], percent: false },
      { raw: '$380bn', values: [380e9], percent: false },
    ]);
    expect(f('up 40 percent')[0]).toMatchObject({ values: [40], percent: true });
    expect(f('sube un 40 %', 'es')[0]).toMatchObject({ values: [40], percent: true });
    expect(f('250億ドル', 'ja')[0].values).toEqual([25e9]);
    expect(f('２５０億', 'ja')[0].values).toEqual([25e9]);
    expect(f('250억 달러', 'ko')[0].values).toEqual([25e9]);
    expect(f('25 mil millones', 'es')[0].values).toEqual([25e9]);
    expect(f('25 Milliarden', 'de')[0].values).toEqual([25e9]);
  });

  it('leaves names with digits alone (H100, GPT-5.5, Claude3) but keeps "Opus 4.7"', () => {
    expect(extractFigures('H100 chips, GPT-5.5, Claude3, Opus 4.7').map((x) => x.raw)).toEqual(['4.7']);
  });

  it('does not take metres or tonnes for millions', () => {
    expect(extractFigures('5 m away').map((x) => x.values)).toEqual([[5]]);
    expect(extractFigures('$5M deal').map((x) => x.values)).toEqual([[5e6]]);
  });
});

describe('checkFigures', () => {
  it("accepts the editor's own TL;DR of the seed edition", () => {
    expect(check(seed.tldr)).toEqual({ ok: true, unsupported: [] });
  });

  it('accepts the same figures written differently', () => {
    expect(check('Amazon put in $25B at a $380B valuation; revenue rose from $9bn to $30bn; 5 gigawatts; 10 years; 2028.').ok).toBe(true);
    expect(check('$5 billion paid now, $8 billion before, $33 billion in total, $50 billion in OpenAI.').ok).toBe(true);
  });

  it('accepts translations of the figures', () => {
    expect(check('Amazon invierte 25.000 millones de dólares; valoración de 380.000 millones; de 9 mil millones a 30 mil millones.', 'es').ok).toBe(true);
    expect(check('Amazon investiert 25 Milliarden Dollar bei einer Bewertung von 380 Mrd. Dollar.', 'de').ok).toBe(true);
    expect(check('Amazon investit 25 milliards de dollars, 100 milliards sur 10 ans.', 'fr').ok).toBe(true);
    expect(check('Amazonは250億ドルを追加投資し、評価額は約3800億ドル。', 'ja').ok).toBe(true);
    expect(check('A Amazon investe US$ 25 bilhões; receita de 9 bilhões para 30 bilhões.', 'pt').ok).toBe(true);
  });

  it('names every figure the article does not have', () => {
    expect(check('Amazon invested $40 billion.')).toEqual({ ok: false, unsupported: ['$40 billion'] });
    expect(check('Amazon invested $25 trillion, a 300% jump, in 2027.')).toEqual({ ok: false, unsupported: ['$25 trillion', '300%', '2027'] });
    expect(check('Amazon invierte 40.000 millones.', 'es').unsupported).toEqual(['40.000 millones']);
    expect(check('Amazonは400億ドルを投資。', 'ja').unsupported).toEqual(['400億']);
  });

  it('matches a percentage only to a percentage', () => {
    expect(checkFigures('up 25%', 'Amazon invested $25 billion and 25 engineers.').ok).toBe(false);
    expect(checkFigures('up 25 percent', 'margins rose 25% this year').ok).toBe(true);
  });

  it('lets figures the article spells out in words through ("ten years", "Five billion dollars")', () => {
    expect(check('Over 10 years, with $5 billion paid immediately.').ok).toBe(true);
  });

  it('has nothing to check in a TL;DR without figures', () => {
    expect(check('Amazon made a big bet on Anthropic.')).toEqual({ ok: true, unsupported: [] });
  });
});
