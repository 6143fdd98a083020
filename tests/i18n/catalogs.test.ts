/**
 * The chrome catalogs: every language has exactly the English keys with the same parameters
 * (the type check enforces it, and the directives below prove it would fail), none is empty or
 * left in English, and a reader whose language has no catalog gets the English chrome.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGS, CHROME_LANGUAGES, catalogFor, chromeLanguage, plural, type Catalog } from '../../emails/i18n/index.js';
import { LANGUAGES } from '../../src/subscribers/languages.js';

type Shape = Record<string, unknown>;

/** Every key path with its kind: 'string', or 'function/<arity>'. */
function shape(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [`${path}: string`];
  if (typeof value === 'function') return [`${path}: function/${value.length}`];
  return Object.entries(value as Shape).flatMap(([k, v]) => shape(v, path ? `${path}.${k}` : k));
}

function leaves(value: unknown, path = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[path, value]];
  return Object.entries(value as Shape).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

describe('the catalogs', () => {
  it.each(CHROME_LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the English keys, with the same parameters', (code) => {
    expect(shape(CATALOGS[code])).toEqual(shape(CATALOGS.en));
  });

  it.each(CHROME_LANGUAGES.filter((l) => l !== 'en'))('%s translates every message (none empty, none left in English)', (code) => {
    const english = new Map(leaves(CATALOGS.en));
    // Words that are the same in both: brand names and the TL;DR abbreviation.
    const same = new Set(['site.rss']);
    for (const [path, value] of leaves(CATALOGS[code])) {
      const text = typeof value === 'function' ? (value as (...a: unknown[]) => string)(...Array.from({ length: value.length }, () => 2)) : value;
      expect(String(text).trim(), path).not.toBe('');
      if (!same.has(path) && typeof value === 'string') expect(value, path).not.toBe(english.get(path));
    }
  });

  it('is a language readers can choose, for every catalog', () => {
    for (const code of CHROME_LANGUAGES) expect(Object.keys(LANGUAGES)).toContain(code);
  });

  it('gives every other language, or none, the English chrome', () => {
    expect(chromeLanguage('es-AR')).toBe('es');
    expect(chromeLanguage('ES')).toBe('es');
    expect(chromeLanguage('fr')).toBe('en');
    expect(chromeLanguage('constructor')).toBe('en');
    expect(chromeLanguage(undefined)).toBe('en');
    expect(catalogFor('ja')).toBe(CATALOGS.en);
  });

  it('picks plural forms with the locale’s rules, falling back to "other"', () => {
    const forms = { one: '# edición', other: '# ediciones' };
    expect([0, 1, 2, 1_000_000].map((n) => plural('es', n, forms))).toEqual(['0 ediciones', '1 edición', '2 ediciones', '1.000.000 ediciones']);
    expect(CATALOGS.en.archive.count(1)).toBe('1 edition');
    expect(CATALOGS.en.archive.count(12)).toBe('12 editions');
  });

  it('fails the type check when a key is missing or extra', () => {
    const { heading: _heading, ...withoutHeading } = CATALOGS.en.archive;
    // @ts-expect-error a catalog without archive.heading is not a Catalog
    const missing: Catalog = { ...CATALOGS.en, archive: withoutHeading };
    // @ts-expect-error a message must take the English parameters
    const wrongParameters: Catalog = { ...CATALOGS.en, edition: { ...CATALOGS.en.edition, greeting: (name: number) => `Hi ${name}` } };
    // @ts-expect-error a key English does not have is a typo somewhere
    const extra: Catalog = { ...CATALOGS.en, site: { ...CATALOGS.en.site, archiv: 'Archivo' } };
    expect([missing, wrongParameters, extra]).toHaveLength(3);
  });

  it('is documented: the README lists every chrome language and how to add one', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Languages'));
    expect(section.length).toBeLessThan(readme.length);
    for (const code of CHROME_LANGUAGES) expect(section).toContain(`\`${code}\``);
    expect(section).toContain('emails/i18n/');
    expect(section).toMatch(/English\s+chrome/);
  });
});
