/**
 * The per-recipient slots of an edition email, their sentinels, and the split/join around them.
 *
 * A slot is one recipient value (the greeting, address, a URL). At compile time the template is
 * rendered with a sentinel in every slot; the output is split around the sentinels once.
 * Personalising is then joining the literal parts with the recipient's values, escaped as React
 * escapes them in HTML, and verbatim in the plain text (the converter decodes exactly what React
 * encoded). The greeting is an optional block: with no name, its whole paragraph goes.
 */
import { randomBytes } from 'node:crypto';
import { cleanInline, firstName } from '../../emails/components/text.js';
import { catalogFor } from '../../emails/i18n/index.js';
import { RenderError, assertHttpUrl, escapeHtml } from './escape.js';
import type { BlockWrap, ReaderView, Recipient } from './types.js';

/** Slot numbers; the "Read it as…" URLs follow from `READ_AS_SLOT` in persona order. */
export const GREETING_SLOT = 0;
export const EMAIL_SLOT = 1;
export const WEB_SLOT = 2;
export const PREFERENCES_SLOT = 3;
export const UNSUBSCRIBE_SLOT = 4;
export const READ_AS_SLOT = 5;

const isUrlSlot = (slot: number) => slot >= WEB_SLOT;

/** "Hi Ana," in `language` (the chrome's), or '' when there is no name to greet. */
export function greetingLine(name: string | null, language: string): string {
  const first = firstName(name);
  return first === '' ? '' : catalogFor(language).edition.greeting(first);
}

/**
 * The raw value of every slot for one recipient, in slot order, cleaned and validated.
 * Both render paths start here, so they cannot disagree about what a recipient's values are.
 */
export function slotValues(r: Recipient, readAsSlugs: readonly string[], language: string): string[] {
  const email = cleanInline(r.email);
  if (email === '') throw new RenderError('recipient email is empty');
  const values = [
    greetingLine(r.name, language),
    email,
    assertHttpUrl(r.webUrl, 'webUrl'),
    assertHttpUrl(r.preferencesUrl, 'preferencesUrl'),
    assertHttpUrl(r.unsubscribeUrl, 'unsubscribeUrl'),
  ];
  for (const slug of readAsSlugs) {
    const url = Object.hasOwn(r.readAsUrls, slug) ? r.readAsUrls[slug] : undefined;
    if (url === undefined) throw new RenderError(`readAsUrls has no URL for persona "${slug}"`);
    values.push(assertHttpUrl(url, `readAsUrls.${slug}`));
  }
  return values;
}

/** Slot values in the shape the template takes. */
export function toReaderView(values: readonly string[]): ReaderView {
  return {
    greeting: values[GREETING_SLOT],
    email: values[EMAIL_SLOT],
    webUrl: values[WEB_SLOT],
    preferencesUrl: values[PREFERENCES_SLOT],
    unsubscribeUrl: values[UNSUBSCRIBE_SLOT],
    readAsUrls: values.slice(READ_AS_SLOT),
  };
}

/**
 * Sentinels for one compile. The nonce makes them impossible to meet in an edition's own text;
 * they are lower-case ASCII letters and digits, which neither React's escaping, nor the
 * plain-text converter (headings stay in their case), nor a URL attribute alters. URL slots get
 * a whole URL so that whatever inspects an href sees a well-formed one.
 */
export function makeSentinels(slotCount: number): { values: string[]; pattern: RegExp; nonce: string } {
  const nonce = 'pp' + randomBytes(8).toString('hex');
  const values: string[] = [];
  for (let i = 0; i < slotCount; i++) {
    values.push(isUrlSlot(i) ? `https://${nonce}.invalid/s${i}x` : `${nonce}s${i}x`);
  }
  const pattern = new RegExp(`https://${nonce}\\.invalid/s(\\d+)x|${nonce}s(\\d+)x`, 'g');
  return { values, pattern, nonce };
}

/** A rendered document split around its sentinels: `literals.length === slots.length + 1`. */
export interface SplitDocument {
  literals: string[];
  slots: number[];
}

/**
 * Splits `doc` around the sentinels and checks each one sits where its kind belongs: URLs only as
 * a whole `href="…"` value in HTML, names and addresses only in text. Throws when a sentinel is
 * missing (the template or the converter dropped or mangled it) or stray pieces of one remain.
 */
export function splitOnSentinels(
  doc: string,
  sentinels: { pattern: RegExp; nonce: string; values: string[] },
  kind: 'html' | 'text',
): SplitDocument {
  const literals: string[] = [];
  const slots: number[] = [];
  const seen = new Array<number>(sentinels.values.length).fill(0);
  let last = 0;
  for (const m of doc.matchAll(sentinels.pattern)) {
    const slot = Number(m[1] ?? m[2]);
    const at = m.index;
    if (kind === 'html') {
      const inTag = doc.lastIndexOf('<', at) > doc.lastIndexOf('>', at);
      if (isUrlSlot(slot) ? !doc.startsWith('href="', at - 6) || doc[at + m[0].length] !== '"' : inTag) {
        throw new RenderError(`slot ${slot} rendered outside its expected HTML context`);
      }
    }
    literals.push(doc.slice(last, at));
    slots.push(slot);
    seen[slot]++;
    last = at + m[0].length;
  }
  literals.push(doc.slice(last));
  const missing = seen.findIndex((n) => n === 0);
  if (missing !== -1) throw new RenderError(`slot ${missing} is missing from the ${kind} rendering`);
  if (literals.some((l) => l.includes(sentinels.nonce))) {
    throw new RenderError(`a mangled sentinel remains in the ${kind} rendering`);
  }
  return { literals, slots };
}

const OPEN_P = /<p\b[^>]*>$/;
const TRAILING_BREAKS = /\n+$/;

/**
 * Lifts an optional block out of the literals around its one slot: in HTML the enclosing
 * `<p …>` and `</p>`, in the text the line breaks that lead into it. Personalising writes them back
 * only around a non-empty value, so an empty one leaves the document as if the block had never
 * been rendered (what `renderDirect` renders). Throws when the block is not one whole paragraph.
 */
export function liftBlock(doc: SplitDocument, slot: number, kind: 'html' | 'text'): BlockWrap {
  const at = doc.slots.indexOf(slot);
  if (at === -1 || doc.slots.indexOf(slot, at + 1) !== -1) throw new RenderError(`slot ${slot} must appear exactly once in the ${kind} rendering`);
  const before = doc.literals[at];
  const after = doc.literals[at + 1];
  const open = (kind === 'html' ? OPEN_P : TRAILING_BREAKS).exec(before)?.[0];
  const close = kind === 'html' ? '</p>' : '';
  if (open === undefined || !after.startsWith(close)) throw new RenderError(`slot ${slot} is not a whole paragraph in the ${kind} rendering`);
  doc.literals[at] = before.slice(0, before.length - open.length);
  doc.literals[at + 1] = after.slice(close.length);
  return [open, close];
}

/** Joins literal parts with values; the hot loop of personalisation. */
export function join(literals: readonly string[], slots: readonly number[], values: readonly string[]): string {
  let out = literals[0];
  for (let i = 0; i < slots.length; i++) out += values[slots[i]] + literals[i + 1];
  return out;
}

/**
 * One recipient's document kept as its parts: the variant's literal pieces (the same array
 * objects for every recipient of that variant) and this recipient's values, already escaped for
 * where they go. A serialiser can encode the shared literals once per variant and only the
 * values per recipient; `toString()` is the joined document, built once on first use.
 */
export class Assembled {
  private joined: string | undefined;
  constructor(
    readonly literals: readonly string[],
    readonly slots: readonly number[],
    readonly values: readonly string[],
  ) {}
  toString(): string {
    return (this.joined ??= join(this.literals, this.slots, this.values));
  }
}

/** Values escaped for HTML, where React put them (text nodes and attributes escape alike). */
export function htmlValues(values: readonly string[], greeting: BlockWrap): string[] {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = escapeHtml(values[i]);
  out[GREETING_SLOT] = wrap(out[GREETING_SLOT], greeting);
  return out;
}

/** Values for the plain text: verbatim, the greeting with its line breaks. */
export function textValues(values: readonly string[], greeting: BlockWrap): string[] {
  const out = values.slice();
  out[GREETING_SLOT] = wrap(out[GREETING_SLOT], greeting);
  return out;
}

const wrap = (value: string, [before, after]: BlockWrap) => (value === '' ? '' : before + value + after);
