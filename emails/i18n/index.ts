/**
 * The chrome's languages: every fixed word of the emails and the public pages, per language.
 * Pure data and Intl helpers, so both the templates (`emails/`) and the pages (`src/i18n`) use them.
 *
 * Adding a language: copy `en.ts` to `<code>.ts`, translate it (typed as `Catalog`, so the type
 * check lists anything missing), and add it to `CATALOGS` below. A reader whose language has no
 * catalog gets the English chrome; their TL;DR is still written in their language.
 */
import { en, type Catalog } from './en.js';
import { es } from './es.js';

export type { Catalog } from './en.js';
export { formatDate, formatDays, formatMinutes, languageName, plural, type PluralForms } from './format.js';

/** Every chrome catalog, by primary language tag. English first: it is the fallback. */
export const CATALOGS = { en, es } satisfies Record<string, Catalog>;

/** A language the chrome is written in. */
export type ChromeLanguage = keyof typeof CATALOGS;

/** The chrome's languages, in the order a language switch lists them. */
export const CHROME_LANGUAGES = Object.keys(CATALOGS) as ChromeLanguage[];

/** The language the chrome falls back to. */
export const DEFAULT_CHROME_LANGUAGE: ChromeLanguage = 'en';

/** The chrome language for a reader's language: "es-AR" → "es"; one without a catalog → "en". */
export function chromeLanguage(language: string | null | undefined): ChromeLanguage {
  const primary = (language ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(CATALOGS, primary) ? (primary as ChromeLanguage) : DEFAULT_CHROME_LANGUAGE;
}

/** The catalog for a reader's language (English when there is none for it). */
export function catalogFor(language: string | null | undefined): Catalog {
  return CATALOGS[chromeLanguage(language)];
}
