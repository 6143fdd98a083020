/**
 * The reader's language on the server: the chrome catalogs (which live with the templates in
 * emails/i18n, so the emails can use them too) and how a page finds the language to speak.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { languageDetector } from 'hono/language';
import { LANGUAGES, normaliseLanguage } from '../subscribers/languages.js';

export {
  CATALOGS,
  CHROME_LANGUAGES,
  DEFAULT_CHROME_LANGUAGE,
  catalogFor,
  chromeLanguage,
  formatDate,
  formatDays,
  formatMinutes,
  plural,
  type Catalog,
  type ChromeLanguage,
} from '../../emails/i18n/index.js';

/** What `pageLanguage` leaves in the context. */
export interface LanguageVariables {
  /** The language the page speaks: `?lang=`, else `Accept-Language`, else English; one of LANGUAGES. */
  language: string;
}

/**
 * Finds a page's language (hono's language detector): `?lang=` first (what links carry), then
 * `Accept-Language`, among the languages a reader may choose; English when none fits. Nothing is
 * remembered in a cookie: the links carry the choice. Answers say they vary by `Accept-Language`.
 */
export function pageLanguage(): MiddlewareHandler<{ Variables: LanguageVariables }> {
  const detect = detector();
  return async (c, next) => {
    await detect(c, async () => {
      await next();
      c.header('Vary', 'Accept-Language', { append: true });
    });
  };
}

const detector = () =>
  languageDetector({
    order: ['querystring', 'header'],
    lookupQueryString: 'lang',
    supportedLanguages: Object.keys(LANGUAGES),
    fallbackLanguage: 'en',
    caches: false,
  });

/**
 * The page language for an answer no `pageLanguage` middleware ran for (the not-found page): found
 * now, the same way, and the answer is said to vary by `Accept-Language`.
 */
export async function ensurePageLanguage(c: Context): Promise<void> {
  const vars = c as unknown as Context<{ Variables: LanguageVariables }>;
  if (vars.get('language') !== undefined) return;
  await detector()(vars, async () => {});
  c.header('Vary', 'Accept-Language', { append: true });
}

/** The language a link asked for with `?lang=` (normalised), if it asked for one we know. */
export function askedLanguage(c: Context): string | undefined {
  const raw = c.req.query('lang');
  return raw === undefined ? undefined : (normaliseLanguage(raw) ?? undefined);
}
