/**
 * Looking at the reader pages as a reader of one language would: the page's text (tags dropped,
 * entities decoded, spaces collapsed), whether it carries a word of another catalog, its language
 * switch and its forms. Shared by the reader pages' language tests.
 */
import { expect } from 'vitest';
import type { ChromeLanguage } from '../../emails/i18n/index.js';
import type { Subscriber } from '../../src/db/schema.js';
import { CONFIRM_TTL_MS } from '../../src/reader/tokens.js';
import type { TestApp } from '../helpers/app.js';
import { leaks, readable } from '../i18n/leaks.js';
import { BROWSER_ACCEPT, postForm, tokenFor } from './helpers.js';

export const LANGS = ['en', 'es'] as const;
export const otherThan = (l: ChromeLanguage): ChromeLanguage => (l === 'en' ? 'es' : 'en');
const ACCEPT_LANGUAGE = { en: 'en-US,en;q=0.9', es: 'es-ES,es;q=0.9,en;q=0.5' } as const;
export const PUB = 'Primera Plana';

/** A browser whose Accept-Language asks for `language`. */
export const browser = (language: ChromeLanguage) => ({ accept: BROWSER_ACCEPT, 'accept-language': ACCEPT_LANGUAGE[language] });

export interface Page {
  status: number;
  html: string;
  /** What a reader reads, spaces collapsed (so a bold address reads as part of its sentence). */
  text: string;
  vary: string;
}

export async function pageOf(res: Response | Promise<Response>): Promise<Page> {
  const r = await res;
  const html = await r.text();
  return { status: r.status, html, text: readable(html).replace(/\s+/g, ' '), vary: r.headers.get('vary') ?? '' };
}

/** A GET and a browser's form post against `t`, as pages. */
export const get = (t: TestApp, path: string, headers: Record<string, string>) => pageOf(t.app.request(path, { headers }));
export const post = (t: TestApp, path: string, fields: Record<string, string>, headers: Record<string, string>) => pageOf(postForm(t, path, fields, headers));

/** The page is written in `language`: `<html lang>`, none of the other catalog's words, and it says it varies by Accept-Language. */
export function expectSpeaks(page: Page, language: ChromeLanguage) {
  expect(page.html).toMatch(new RegExp(`^<!doctype html><html lang="${language}">`));
  expect(leaks(page.text, language)).toEqual([]);
  expect(page.vary).toMatch(/accept-language/i);
}

/** The page shows `message` (a catalog's words, with whatever it set in bold). */
export const says = (page: Page, message: string) => expect(page.text).toContain(message.replace(/\s+/g, ' '));

/** The hrefs of the language switch, by language. */
export function switchOf(html: string): Record<string, string> {
  const nav = /<nav class="langs"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return Object.fromEntries([...nav.matchAll(/<a href="([^"]*)" hreflang="(\w+)"/g)].map((m) => [m[2], m[1].replace(/&amp;/g, '&')]));
}

/** Where the page's form that posts to `prefix…` posts. */
export function actionOf(html: string, prefix: string): string {
  const m = new RegExp(`<form method="post" action="(${prefix.replace(/[/?]/g, '\\$&')}[^"]*)"`).exec(html);
  if (!m) throw new Error(`no form posting to ${prefix}`);
  return m[1].replace(/&amp;/g, '&');
}

/** A confirm link for `s`, valid for the usual 7 days from `t`'s clock. */
export const confirmToken = (t: TestApp, s: Pick<Subscriber, 'id' | 'tokenVersion'>) => tokenFor(s, 'confirm', t.clock.now().getTime() + CONFIRM_TTL_MS);
