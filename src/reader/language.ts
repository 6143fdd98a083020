/**
 * A reader page's language (the rules of `languageOfPage`): a signed link's subscriber speaks
 * theirs, an anonymous page follows `?lang=`, then `Accept-Language`. A page's forms post back
 * with the `?lang=` its URL asked for, so the answer speaks the language the reader was reading;
 * a page that answers a post switches language through the page its form was on.
 */
import type { Context } from 'hono';
import { askedLanguage, type LanguageVariables } from '../i18n/index.js';
import { languageOfPage, type PageLanguage } from '../web/language.js';

/** How a reader page speaks, and what its own forms carry. */
export interface ReaderLanguage extends PageLanguage {
  /**
   * `?lang=` when the URL asked for a language, '' otherwise: for the page's forms and its links
   * to the reader's other signed pages, which find the reader's own language by themselves.
   */
  askedQuery: string;
}

/** What decides a reader page's language besides its request. */
export interface ReaderLanguageOptions {
  /** The signed link's subscriber's language. */
  reader?: string;
  /** A language this request has just saved: it outranks `?lang=`, and the forms no longer need one. */
  chosen?: string;
  /** Where the switch leads, when not to this page nor to the page the post's form was on. */
  switchTo?: string;
}

/** The language of the reader page `c` answers with. */
export function readerLanguage(c: Context, { reader, chosen, switchTo }: ReaderLanguageOptions = {}): ReaderLanguage {
  const isGet = c.req.method === 'GET' || c.req.method === 'HEAD';
  const lang = languageOfPage(c as Context<{ Variables: LanguageVariables }>, reader, {
    chosen,
    switchTo: switchTo ?? (isGet ? undefined : formPage(c.req.path)),
  });
  const asked = chosen === undefined ? askedLanguage(c) : undefined;
  return { ...lang, askedQuery: asked === undefined ? '' : `?lang=${encodeURIComponent(asked)}` };
}

/** The page a post's form is on, found from the post's path: `/api/subscribe` → `/`. */
export function formPage(path: string): string {
  if (path === '/api/subscribe') return '/';
  const [, route, token] = /^\/([a-z]+)\/([^/]+)$/.exec(path) ?? [];
  if (route === 'resubscribe') return `/unsubscribe/${token}`;
  if (route === 'persona') return '/editions';
  return path;
}

/** `url` (which may have a query already) with the `?lang=` its page's URL asked for, if any. */
export function withAsked(url: string, lang: ReaderLanguage): string {
  if (!lang.askedQuery) return url;
  return url.includes('?') ? `${url}&${lang.askedQuery.slice(1)}` : `${url}${lang.askedQuery}`;
}
