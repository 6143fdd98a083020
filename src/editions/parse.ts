/**
 * Edition input: Markdown with YAML front matter (what editors write), or the same fields as JSON.
 * Parsing is pure; a failure names the field and nothing is stored.
 */
import matter from 'gray-matter';
import { CORE_SCHEMA, loadAll, mergeTag } from 'js-yaml';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { parseWith, singleLine } from '../http/validate.js';

/** Markdown bodies above this are refused (a newsletter this long would be clipped by Gmail anyway). */
export const MAX_BODY_BYTES = 200_000;

/**
 * An absolute http(s) URL, or a path on this site: one `/`, then no second `/` or `\` (browsers
 * read `//host` and `/\host` as another site) and no whitespace or control characters (browsers
 * drop tabs and newlines, so `/\t/host` would become `//host`).
 */
function isHttpUrlOrSitePath(v: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\s\\\u0000-\u001f\u007f]/.test(v)) return false;
  if (v.startsWith('/')) return v[1] !== '/';
  return /^https?:\/\/./i.test(v) && URL.canParse(v);
}

const urlOrPath = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine(isHttpUrlOrSitePath, 'must be an http(s) URL or a path starting with a single /');

/** Whether YYYY-MM-DD names a day on the calendar: Date.parse would turn 2026-02-30 into 2 March. */
function isCalendarDay(v: string): boolean {
  const [y, m, d] = v.split('-').map(Number);
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A string, never a Date: the YAML schema below keeps unquoted dates as written. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine(isCalendarDay, 'must be a real date');


/** The fields, without the defaults a new edition gets (a patch must not reset what it omits). */
const editionShape = {
  number: z.number().int().positive().max(1_000_000),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and dashes').max(120).optional(),
  title: singleLine(300).pipe(z.string().min(1, 'is required')),
  dek: singleLine(600),
  section: singleLine(120),
  author: singleLine(120),
  date: isoDate,
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code like en or es'),
  illustration: z
    .object({ src: urlOrPath, alt: singleLine(500), caption: singleLine(500).optional() })
    .strict()
    .nullable()
    .optional(),
  tldr: z.string().trim().max(2000),
  next: z.object({ title: singleLine(300).pipe(z.string().min(1)), url: urlOrPath }).strict().nullable().optional(),
  /** Minutes, as the editor counts them (the seed says 9); absent → computed from the body. */
  readingTime: z.number().int('must be a whole number of minutes').min(1).max(1440).nullable(),
  /** Send the whole edition in each reader's language, translated by Claude (src/translation/). */
  translate: z.boolean('must be true or false'),
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
    // Null rather than absent: new Markdown without it replaces an earlier value.
    readingTime: editionShape.readingTime.default(null),
    translate: editionShape.translate.default(false),
  })
  .strict();

export type EditionFields = z.infer<typeof editionFieldsSchema>;

/**
 * YAML 1.2's core schema (with merge keys): no timestamp type, so an unquoted `date: 2026-02-30`
 * stays a string the calendar check sees, instead of a Date already rolled over to 2 March.
 */
const FRONT_MATTER_SCHEMA = CORE_SCHEMA.withTags(mergeTag);
function parseYaml(source: string): object {
  const docs = loadAll(source, { schema: FRONT_MATTER_SCHEMA });
  if (docs.length > 1) throw new Error('more than one YAML document');
  // A block of only comments is an empty mapping, as it was with gray-matter's own parser.
  return (docs[0] ?? {}) as object;
}
const refuseEngine = (): never => {
  throw new Error('only YAML front matter is accepted');
};

/** Parses a Markdown edition file: front matter fields plus the body. */
export function parseEditionMarkdown(text: string): EditionFields {
  if (Buffer.byteLength(text) > MAX_BODY_BYTES + 20_000) {
    throw new AppError('payload_too_large', `body: edition text must be at most ${MAX_BODY_BYTES} bytes`, { field: 'body' });
  }
  // The opening line must be a bare `---`: gray-matter reads `---js` as JavaScript front matter
  // and evaluates it, on the server.
  if (!/^---[ \t]*\r?\n/.test(text.trimStart())) {
    throw new AppError('validation_error', 'front matter: the Markdown must start with a --- front matter block (YAML only)', {
      field: 'front_matter',
    });
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // A fresh options object disables gray-matter's cache, which would return stale results.
    parsed = matter(text, { engines: { yaml: parseYaml, javascript: refuseEngine } });
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
