/**
 * Edition input: Markdown with YAML front matter (what editors write), or the same fields as JSON.
 * Parsing is pure; a failure names the field and nothing is stored.
 */
import matter from 'gray-matter';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { parseWith } from '../http/validate.js';

/** Markdown bodies above this are refused (a newsletter this long would be clipped by Gmail anyway). */
export const MAX_BODY_BYTES = 200_000;

const urlOrPath = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine((v) => v.startsWith('/') || /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL or a path starting with /');

const isoDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((v) => !Number.isNaN(Date.parse(v)), 'must be a real date'),
);

const line = (max: number) => z.string().trim().max(max).refine((v) => !/[\r\n]/.test(v), 'must be a single line');

/** The fields, without the defaults a new edition gets (a patch must not reset what it omits). */
const editionShape = {
  number: z.number().int().positive().max(1_000_000),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and dashes').max(120).optional(),
  title: line(300).pipe(z.string().min(1, 'is required')),
  dek: line(600),
  section: line(120),
  author: line(120),
  date: isoDate,
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code like en or es'),
  illustration: z
    .object({ src: urlOrPath, alt: line(500), caption: line(500).optional() })
    .strict()
    .nullable()
    .optional(),
  tldr: z.string().trim().max(2000),
  next: z.object({ title: line(300).pipe(z.string().min(1)), url: urlOrPath }).strict().nullable().optional(),
  body: z
    .string()
    .refine((v) => v.trim().length > 0, 'is required')
    .refine((v) => Buffer.byteLength(v) <= MAX_BODY_BYTES, `must be at most ${MAX_BODY_BYTES} bytes`),
};

export const editionFieldsSchema = z
  .object({
    ...editionShape,
    dek: editionShape.dek.default(''),
    section: editionShape.section.default(''),
    author: editionShape.author.default(''),
    language: editionShape.language.default('en'),
    tldr: editionShape.tldr.default(''),
  })
  .strict();

export type EditionFields = z.infer<typeof editionFieldsSchema>;

/** Parses a Markdown edition file: front matter fields plus the body. */
export function parseEditionMarkdown(text: string): EditionFields {
  if (Buffer.byteLength(text) > MAX_BODY_BYTES + 20_000) {
    throw new AppError('payload_too_large', `body: edition text must be at most ${MAX_BODY_BYTES} bytes`, { field: 'body' });
  }
  if (!text.trimStart().startsWith('---')) {
    throw new AppError('validation_error', 'front matter: the Markdown must start with a --- front matter block', {
      field: 'front_matter',
    });
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // A fresh options object disables gray-matter's cache, which would return stale results.
    parsed = matter(text, {});
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : 'unreadable';
    throw new AppError('validation_error', `front matter: malformed YAML (${reason})`, { field: 'front_matter' });
  }
  const data = parsed.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new AppError('validation_error', 'front matter: must be a YAML mapping', { field: 'front_matter' });
  }
  return parseWith(editionFieldsSchema, { ...data, body: parsed.content.replace(/^\s*\n/, '') });
}

/** Parses the JSON form of an edition (the same fields, with `body`). */
export function parseEditionJson(value: unknown): EditionFields {
  return parseWith(editionFieldsSchema, value);
}

/** A patch: any subset of the fields; what it leaves out stays as it is. */
export const editionPatchSchema = z.object(editionShape).partial().strict();
export type EditionPatch = z.infer<typeof editionPatchSchema>;

/** URL-safe slug from an edition's number and title: "58-amazon-just-bet-25-billion-on-anthropic". */
export function slugFor(number: number, title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = words.length > 60 ? words.slice(0, 60).replace(/-[^-]*$/, '') : words;
  return cut ? `${number}-${cut}` : String(number);
}
