/**
 * A public page's language, decided once per request: what the page speaks (any language a reader
 * may choose, for the TL;DR), the chrome it is written in (a catalog, English when there is
 * none), and the links that keep that choice.
 */
import type { Context } from 'hono';
import {
  askedLanguage,
  CATALOGS,
  CHROME_LANGUAGES,
  catalogFor,
  chromeLanguage,
  DEFAULT_CHROME_LANGUAGE,
  type Catalog,
  type LanguageVariables,
} from '../i18n/index.js';
import type { LanguageChoice } from './layout.js';

/** How one page speaks. */
export interface PageLanguage {
  /** The reader's language: the TL;DR's, any of LANGUAGES. */
  language: string;
  /** The chrome's language (`<html lang>`). */
  chrome: string;
  t: Catalog;
  /** Whether a link asked for it (`?lang=`) or a signed reader's own language decided it. */
  explicit: boolean;
  /** The switch: every chrome language, linking to this page in it. */
  choices: LanguageChoice[];
  /** `?lang=xx` when explicit, for links that should keep it; '' otherwise. */
  query: string;
}

/** What a page's language may also depend on, beyond the request and its reader. */
export interface PageLanguageOptions {
  /** A language the request itself has just chosen (a saved preference): it outranks `?lang=`. */
  chosen?: string;
  /**
   * Where the switch leads (a path, with its query if any) instead of this URL: a page that answers
   * a form post has no address of its own, and a link cannot repeat the post.
   */
  switchTo?: string;
}

/**
 * The page's language: `?lang=` first, then the signed reader's own (`readerLanguage`), then what
 * the language detector found in `Accept-Language` (see `pageLanguage` in src/i18n).
 */
export function languageOfPage(
  c: Context<{ Variables: LanguageVariables }>,
  readerLanguage?: string,
  { chosen, switchTo }: PageLanguageOptions = {},
): PageLanguage {
  const asked = chosen ?? askedLanguage(c);
  const language = asked ?? readerLanguage ?? c.get('language') ?? DEFAULT_CHROME_LANGUAGE;
  const chrome = chromeLanguage(language);
  const explicit = asked !== undefined || readerLanguage !== undefined;
  const url = new URL(switchTo ?? c.req.url, c.req.url);
  const choices = CHROME_LANGUAGES.map((code) => {
    const params = new URLSearchParams(url.search);
    params.set('lang', code);
    return { code, name: CATALOGS[code].meta.name, href: `${url.pathname}?${params}`, current: code === chrome };
  });
  return { language, chrome, t: catalogFor(language), explicit, choices, query: explicit ? `?lang=${encodeURIComponent(language)}` : '' };
}
