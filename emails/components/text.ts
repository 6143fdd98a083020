/**
 * Small text decisions the template and the personaliser must make identically:
 * how a reader's name is shown, what the preheader says, how a date reads.
 */

/** What "Hi …," says when we don't know the reader's name. */
export const GREETING_FALLBACK = 'there';

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

/** The name the greeting shows: cleaned, capped, or `GREETING_FALLBACK` when there is none. */
export function greetingName(name: string | null | undefined): string {
  const clean = cleanInline(name ?? '');
  return clean === '' ? GREETING_FALLBACK : truncateGraphemes(clean, MAX_NAME_GRAPHEMES);
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

/**
 * "April 21, 2026" for an edition's `date` (`YYYY-MM-DD` or ISO). Read in UTC: an edition's date
 * is a calendar day, not an instant. An unreadable date is shown as written.
 */
export function formatEditionDate(date: string, locale = 'en-US'): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}
