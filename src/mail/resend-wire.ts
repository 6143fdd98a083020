/**
 * The body of a Resend batch call, written as bytes: the JSON array the SDK's `batch.send` would
 * make from the same emails (same fields, same order), with two differences that change no parsed
 * value. Every non-ASCII character is written as a `\uXXXX` escape, so the body is pure ASCII and
 * needs no UTF-8 encoding; and a body personalised from a compiled variant (`OutgoingEmail.parts`)
 * reuses the encoded literal pieces of that variant, so per email only the recipient's values are
 * encoded. The output depends only on the emails: a retried batch is byte-identical.
 */
import type { Assembled } from '../render/index.js';
import type { OutgoingEmail } from './port.js';

const NON_ASCII = /[\u0080-\uffff]/g;
const HAS_NON_ASCII = /[\u0080-\uffff]/;
// Printable ASCII without `"` and `\`: JSON string contents as they are (most values: URLs, slugs).
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const uEscape = (c: string) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');

/** JSON text of a value, pure ASCII (each UTF-16 unit above 0x7f as `\uXXXX`). */
export function asciiJson(value: unknown): string {
  if (typeof value === 'string' && PLAIN.test(value)) return `"${value}"`;
  const json = JSON.stringify(value);
  return HAS_NON_ASCII.test(json) ? json.replace(NON_ASCII, uEscape) : json;
}

/** The inside of a JSON string literal for `s` (no quotes), pure ASCII. */
const stringChars = (s: string) => (PLAIN.test(s) ? s : asciiJson(s).slice(1, -1));

/**
 * A JSON string literal for `s`, pure ASCII. Strings that need escaping here are the same few in
 * every email of a send (the sender, the subject, header names), so their literals are kept.
 */
const escapedLiterals = new Map<string, string>();
function stringJson(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let json = escapedLiterals.get(s);
  if (json === undefined) {
    if (escapedLiterals.size >= 256) escapedLiterals.clear();
    escapedLiterals.set(s, (json = asciiJson(s)));
  }
  return json;
}

/** `JSON.stringify` of a string record (header name → value), pure ASCII. */
function recordJson(record: Record<string, string>): string {
  let out = '';
  for (const k in record) out += `${out ? ',' : '{'}${stringJson(k)}:${stringJson(record[k])}`;
  return out ? `${out}}` : '{}';
}

/** `JSON.stringify` of tags, pure ASCII. */
function tagsJson(tags: readonly { name: string; value: string }[]): string {
  let out = '';
  for (const t of tags) out += `${out ? ',' : '['}{"name":${stringJson(t.name)},"value":${stringJson(t.value)}}`;
  return out ? `${out}]` : '[]';
}

/** Encoded literal pieces, per literal array: one entry per compiled variant and body. */
const encodedLiterals = new WeakMap<readonly string[], Buffer[]>();

function literalBytes(literals: readonly string[]): Buffer[] {
  let bytes = encodedLiterals.get(literals);
  if (!bytes) encodedLiterals.set(literals, (bytes = literals.map((l) => Buffer.from(stringChars(l), 'latin1'))));
  return bytes;
}

/**
 * Collects the body as ASCII text and ready-made byte pieces, then writes them into one buffer of
 * the exact size (ASCII: a string's length is its byte count).
 */
class AsciiWriter {
  private readonly pieces: (string | Buffer)[] = [];
  private pending = '';
  private size = 0;
  text(s: string): void {
    this.pending += s;
  }
  bytes(b: Buffer): void {
    this.flush();
    this.pieces.push(b);
    this.size += b.length;
  }
  finish(alloc: (size: number) => Buffer): Buffer {
    this.flush();
    const out = alloc(this.size);
    let at = 0;
    for (const p of this.pieces) {
      if (typeof p === 'string') at += out.write(p, at, 'latin1');
      else {
        out.set(p, at); // TypedArray#set: a plain memcpy, without Buffer#copy's checks
        at += p.length;
      }
    }
    return out;
  }
  private flush(): void {
    if (!this.pending) return;
    this.pieces.push(this.pending);
    this.size += this.pending.length;
    this.pending = '';
  }
}

/** Writes a JSON string from its parts: the shared literals as cached bytes, the values encoded here. */
function writeAssembled(w: AsciiWriter, doc: Assembled): void {
  const lits = literalBytes(doc.literals);
  const values = doc.values.map(stringChars);
  w.text('"');
  w.bytes(lits[0]);
  for (let i = 0; i < doc.slots.length; i++) {
    w.text(values[doc.slots[i]]);
    w.bytes(lits[i + 1]);
  }
  w.text('"');
}

function writeEmail(w: AsciiWriter, e: OutgoingEmail): void {
  // The SDK's field order (parseEmailToApiOptions); absent fields are left out, as JSON.stringify does.
  w.text(`{"from":${stringJson(e.from)},"headers":${recordJson(e.headers)},"html":`);
  if (e.parts) writeAssembled(w, e.parts.html);
  else w.text(asciiJson(e.html));
  if (e.replyTo) w.text(`,"reply_to":${stringJson(e.replyTo)}`);
  w.text(`,"subject":${stringJson(e.subject)}`);
  if (e.tags?.length) w.text(`,"tags":${tagsJson(e.tags)}`);
  w.text(',"text":');
  if (e.parts) writeAssembled(w, e.parts.text);
  else w.text(asciiJson(e.text));
  w.text(`,"to":${stringJson(e.to)}}`);
}

/** The `POST /emails/batch` body for these emails. */
export function batchBody(emails: readonly OutgoingEmail[]): Buffer {
  const w = new AsciiWriter();
  w.text('[');
  emails.forEach((e, i) => {
    if (i > 0) w.text(',');
    writeEmail(w, e);
  });
  w.text(']');
  return w.finish(Buffer.allocUnsafe);
}
