/**
 * Small text decisions the template and the personaliser must make identically:
 * how a reader's name is shown, what the preheader says, how a date reads.
 */
import { formatDate } from '../i18n/format.js';

/** Longest name, in user-perceived characters, the greeting shows before an ellipsis. */
export const MAX_NAME_GRAPHEMES = 60;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// \u200b is whitespace to the plain-text converter (html-to-text), so it must be to us too.
const WHITESPACE_RUN = /[\s\u200b]+/g;
// C0/C1 controls, and the bidi embeddings/overrides/isolates: an unterminated override in a name
// would flip the rest of the greeting line.
// eslint-disable-next-line no-control-regex
const INVISIBLE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes a person-supplied string fit for one line of an email: lone surrogates become U+FFFD
 * (as UTF-8 encoding would make them), whitespace runs become one space, invisible controls go,
 * ends are trimmed. The plain-text converter then leaves the result exactly as it is.
 */
export function cleanInline(value: string): string {
  return value
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(WHITESPACE_RUN, ' ')
    .replace(INVISIBLE_CONTROL, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

let segmenter: Intl.Segmenter | undefined;

/** Cuts to at most `max` graphemes (never inside an emoji or a combining sequence). */
function truncateGraphemes(value: string, max: number): string {
  if (value.length <= max) return value; // a grapheme is at least one code unit
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let count = 0;
  let cut = 0;
  for (const { index } of segmenter.segment(value)) {
    if (count === max - 1) cut = index;
    if (++count > max) return value.slice(0, cut).trimEnd() + '…';
  }
  return value;
}

// A given name as people write it: a capital, then lower-case letters (accents and combining
// marks included), maybe joined by a hyphen or an apostrophe ("María-José", "D'Arcy").
const GIVEN_NAME = /^\p{Lu}[\p{Ll}\p{M}]+(?:[-'\u2019]\p{Lu}?[\p{Ll}\p{M}]+)*$/u;
// Titles that look like given names but would make an odd greeting ("Hi Mr,").
const TITLES = new Set(['mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'sr', 'sra', 'srta', 'dra', 'don', 'doña', 'herr', 'frau', 'mme', 'mlle']);

/**
 * The name a greeting uses: the first word when the name reads like "First Last" (a capitalised
 * given name, then more words), else the whole name as written; cleaned, capped at
 * `MAX_NAME_GRAPHEMES`; '' when there is none (the greeting is then left out).
 */
export function firstName(name: string | null | undefined): string {
  const clean = cleanInline(name ?? '');
  if (clean === '') return '';
  const words = clean.split(' ');
  const first = words[0];
  const usable = words.length > 1 && GIVEN_NAME.test(first) && !TITLES.has(first.toLowerCase());
  return truncateGraphemes(usable ? first : clean, MAX_NAME_GRAPHEMES);
}

/**
 * The preheader: the first sentence of `text` (or all of it), at most `max` characters, cut on
 * a word boundary. Inbox previews show ~90–140 characters.
 */
export function firstSentence(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](?=\s|$)/);
  const sentence = end === -1 ? flat : flat.slice(0, end + 1);
  if (sentence.length <= max) return sentence;
  const cut = sentence.lastIndexOf(' ', max - 1);
  return sentence.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s,;:\u2014\u2013-]+$/, '') + '\u2026';
}

/** "April 21, 2026" for an edition's `date` in `locale` (see `formatDate` in emails/i18n). */
export function formatEditionDate(date: string, locale = 'en-US'): string {
  return formatDate(date, locale);
}
