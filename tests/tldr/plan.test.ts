/** Pure planning: which variants an edition needs, which to write, which one a reader gets. */
import { describe, expect, it } from 'vitest';
import type { TldrVariant } from '../../src/db/schema.js';
import { crossVariants, fallbackText, resolveVariant, VariantMap, variantsToWrite, wantedVariants, type StoredVariant } from '../../src/tldr/plan.js';

const isLanguage = (c: string) => ['en', 'es', 'fr'].includes(c);
const personas = ['everyday', 'executive', 'engineer'];
const keys = (refs: { persona: string; language: string }[]) => refs.map((r) => `${r.persona}|${r.language}`);

describe('wantedVariants', () => {
  it('is every persona in the edition language first, then the audience pairs, deduplicated', () => {
    const refs = wantedVariants({
      editionLanguage: 'en',
      personas,
      audience: [
        { persona: 'executive', language: 'fr' },
        { persona: 'everyday', language: 'en' },
        { persona: 'everyday', language: 'es' },
        { persona: 'ghost', language: 'es' },
        { persona: 'engineer', language: 'xx' },
      ],
      isLanguage,
    });
    expect(keys(refs)).toEqual(['everyday|en', 'executive|en', 'engineer|en', 'everyday|es', 'executive|fr']);
  });

  it('crosses personas and languages', () => {
    expect(keys(crossVariants(['a', 'b'], ['en', 'es']))).toEqual(['a|en', 'a|es', 'b|en', 'b|es']);
  });
});

describe('variantsToWrite', () => {
  const wanted = [
    { persona: 'everyday', language: 'en' },
    { persona: 'executive', language: 'en' },
    { persona: 'engineer', language: 'en' },
  ];
  const stored: StoredVariant[] = [
    { persona: 'everyday', language: 'en', source: 'editor', flagged: false },
    { persona: 'everyday', language: 'es', source: 'claude', flagged: false },
    { persona: 'executive', language: 'en', source: 'fallback', flagged: false },
    { persona: 'engineer', language: 'en', source: 'fallback', flagged: true },
  ];

  it('writes only what is missing by default', () => {
    expect(variantsToWrite(wanted, [])).toEqual(wanted);
    expect(variantsToWrite(wanted, stored)).toEqual([]);
  });

  it('retries fallbacks left by an unavailable Claude, not the flagged ones', () => {
    expect(keys(variantsToWrite(wanted, stored, { retryUnavailable: true }))).toEqual(['executive|en']);
  });

  it("regenerates a persona's variants, never the editor's", () => {
    expect(keys(variantsToWrite(wanted, stored, { regenerate: 'everyday' }))).toEqual(['everyday|es']);
    expect(keys(variantsToWrite(wanted, stored, { regenerate: 'engineer' }))).toEqual(['engineer|en']);
  });
});

describe('resolveVariant', () => {
  const row = (persona: string, language: string, source: TldrVariant['source'], text: string): TldrVariant =>
    ({ persona, language, source, text, why: `why ${text}`, flagged: false }) as TldrVariant;
  const map = new VariantMap(
    [row('everyday', 'en', 'claude', 'E-en'), row('everyday', 'es', 'editor', 'E-es'), row('investor', 'en', 'fallback', 'Editor TL;DR')],
    'en',
    'Editor TL;DR',
  );

  it('prefers the exact variant', () => {
    expect(resolveVariant(map, 'everyday', 'es')).toEqual({ text: 'E-es', why: 'why E-es', source: 'editor', persona: 'everyday', language: 'es' });
  });
  it("then the persona's variant in the edition's language", () => {
    expect(resolveVariant(map, 'everyday', 'fr')).toMatchObject({ text: 'E-en', source: 'claude', language: 'en' });
  });
  it("then the edition's fallback, labelled as such", () => {
    expect(resolveVariant(map, 'engineer', 'fr')).toEqual({ text: 'Editor TL;DR', why: null, source: 'fallback', persona: null, language: null });
    expect(resolveVariant(map, 'investor', 'es')).toMatchObject({ source: 'fallback' });
  });
  it("falls back to the editor's TL;DR, then the dek, then the title", () => {
    expect(fallbackText({ tldr: ' T ', dek: 'D', title: 'X' })).toBe('T');
    expect(fallbackText({ tldr: '', dek: 'D', title: 'X' })).toBe('D');
    expect(fallbackText({ tldr: '', dek: '', title: 'X' })).toBe('X');
  });
});
