/**
 * The edition form and the API's JSON: the front matter as fields (`illustration.src`,
 * `next.url`… named as the API names them, so its errors land beside the right field) and the
 * Markdown body. Only what changed is sent on save: the API discards the TL;DRs written from an
 * edition's text when the text changes, and saving an unchanged title must not.
 */
import type { Edition } from '../../db/schema.js';

/** The form's values, as strings (what the page shows and the browser posts back). */
export type EditionFormValues = Record<(typeof FIELDS)[number], string>;

/** The form's fields, named as the API names them. */
export const FIELDS = [
  'number', 'slug', 'title', 'dek', 'section', 'author', 'date', 'language', 'tldr',
  'illustration.src', 'illustration.alt', 'illustration.caption', 'next.title', 'next.url', 'body', 'translate',
] as const;

/** The form of an existing edition. */
export function valuesOf(e: Edition): EditionFormValues {
  return {
    number: String(e.number), slug: e.slug, title: e.title, dek: e.dek, section: e.section, author: e.author, date: e.date,
    language: e.language, tldr: e.tldr, body: e.body,
    'illustration.src': e.illustration?.src ?? '', 'illustration.alt': e.illustration?.alt ?? '', 'illustration.caption': e.illustration?.caption ?? '',
    'next.title': e.next?.title ?? '', 'next.url': e.next?.url ?? '',
    translate: e.translate ? '1' : '',
  };
}

/** A new edition's form: the next number, today, the publication's usual section and language. */
export function blankValues(next: { number: number; date: string; section: string; author: string }): EditionFormValues {
  const blank = Object.fromEntries(FIELDS.map((f) => [f, ''])) as EditionFormValues;
  return { ...blank, number: String(next.number), date: next.date, section: next.section, author: next.author, language: 'en' };
}

/** The posted form's values (anything missing is empty). Browsers post CRLF in textareas. */
export function valuesFrom(form: Record<string, unknown>): EditionFormValues {
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).replace(/\r\n/g, '\n') : '');
  return Object.fromEntries(FIELDS.map((f) => [f, s(f)])) as EditionFormValues;
}

/** The edition as the API's JSON. A number that is not one goes as typed: the API says why. */
export function toJson(v: EditionFormValues): Record<string, unknown> {
  const num = v.number.trim();
  const illustration =
    v['illustration.src'] || v['illustration.alt'] || v['illustration.caption']
      ? { src: v['illustration.src'], alt: v['illustration.alt'], ...(v['illustration.caption'] ? { caption: v['illustration.caption'] } : {}) }
      : null;
  const next = v['next.title'] || v['next.url'] ? { title: v['next.title'], url: v['next.url'] } : null;
  return {
    number: /^\d{1,9}$/.test(num) ? Number(num) : num,
    ...(v.slug.trim() ? { slug: v.slug.trim() } : {}),
    title: v.title, dek: v.dek, section: v.section, author: v.author, date: v.date, language: v.language, tldr: v.tldr,
    illustration, next, body: v.body,
    // A checkbox: posted when ticked, absent when not.
    translate: v.translate !== '',
  };
}

/** The fields of `after` that differ from `before`: what a save sends. */
export function changes(before: EditionFormValues, after: EditionFormValues): Record<string, unknown> {
  const a = toJson(after);
  const b = toJson(before);
  return Object.fromEntries(Object.entries(a).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(b[k])));
}
