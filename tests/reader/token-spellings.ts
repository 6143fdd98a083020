/**
 * Other spellings of the same reader token: the same bytes written with base64 padding, with the
 * standard alphabet (`+`, `/`) or with non-canonical trailing bits. A lenient decoder reads every
 * one of them as the original, so each is a second valid link unless verification insists on the
 * one canonical spelling.
 */

/** The base64url alphabet in index order. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The bytes a lenient decoder reads from one part (either alphabet, padding ignored). */
const lenientBytes = (part: string) => Buffer.from(part, 'base64');

/**
 * The part with its last character changed so that only the unused low bits differ: a part whose
 * length is 2 or 3 mod 4 ends in a character carrying 4 or 2 bits nobody reads. Undefined when the
 * part has no slack bits.
 */
function sameBytesLastChar(part: string): string | undefined {
  if (part.length % 4 < 2) return undefined;
  const i = ALPHABET.indexOf(part.at(-1)!);
  return `${part.slice(0, -1)}${ALPHABET[i ^ 1]}`;
}

/** Padding to a whole number of 4-character groups; one `=` when none is due (still a change). */
const padded = (part: string) => `${part}${'='.repeat((4 - (part.length % 4)) % 4 || 1)}`;

/** Labelled spellings of `token` (`payload.tag`) that a lenient decoder reads as the same bytes. */
export function spellingVariants(token: string): [string, string][] {
  const [payload, tag] = token.split('.');
  const variants: [string, string][] = [
    ['tag padded', `${payload}.${padded(tag)}`],
    ['payload padded', `${padded(payload)}.${tag}`],
    ['tag with "=" appended', `${payload}.${tag}=`],
  ];
  const standard = (part: string) => part.replace(/-/g, '+').replace(/_/g, '/');
  if (/[-_]/.test(tag)) variants.push(['tag in the + / alphabet', `${payload}.${standard(tag)}`]);
  if (/[-_]/.test(payload)) variants.push(['payload in the + / alphabet', `${standard(payload)}.${tag}`]);
  const tagFlip = sameBytesLastChar(tag);
  if (tagFlip) variants.push(['tag with non-canonical trailing bits', `${payload}.${tagFlip}`]);
  const payloadFlip = sameBytesLastChar(payload);
  if (payloadFlip) variants.push(['payload with non-canonical trailing bits', `${payloadFlip}.${tag}`]);
  for (const [what, v] of variants) {
    const [p, t] = v.split('.');
    // A variant that decodes to other bytes would prove nothing about leniency.
    if (!lenientBytes(p).equals(lenientBytes(payload)) || !lenientBytes(t).equals(lenientBytes(tag))) {
      throw new Error(`${what}: ${v} does not decode to the bytes of ${token}`);
    }
  }
  return variants;
}

/** Claims whose token for `sign` has a `-` or `_` in its tag, so the alphabet swap is exercised. */
export function claimsWithUrlSafeChars(sign: (version: number) => string): { version: number; token: string } {
  for (let version = 1; version < 1000; version++) {
    const token = sign(version);
    if (/[-_]/.test(token.split('.')[1])) return { version, token };
  }
  throw new Error('no token with "-" or "_" in its tag among 1000 versions');
}
