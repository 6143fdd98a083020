/**
 * Signed reader links. A token is `base64url(input).base64url(tag)`, both unpadded, where input is
 * `purpose.subscriberId.version[.expiry]` and tag is the first 128 bits of
 * HMAC-SHA256(TOKEN_SECRET, input): the standard construction, one MAC per token, with the purpose
 * inside what is signed so a token for one purpose cannot be relabelled as another.
 *
 * Verification accepts exactly one spelling per token. Base64 decoders are lenient (padding, the
 * `+`/`/` alphabet, unused trailing bits), so rather than compare decoded bytes it rebuilds the
 * expected token string from the decoded input and compares whole strings in constant time: any
 * other spelling of the same bytes is refused, and a link has one form to log, match and revoke.
 *
 * A token is valid only for its own purpose, until its expiry, and while the subscriber's token
 * version is the one it was signed with (bumping the version revokes every link). Pure: no
 * database access.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The one-letter purpose a token's input starts with. */
export const TOKEN_PURPOSES = {
  confirm: 'c',
  preferences: 'p',
  unsubscribe: 'u',
  persona: 's',
} as const;
export type TokenPurpose = keyof typeof TOKEN_PURPOSES;

/** Confirmation links expire after 7 days; the others live until revoked. */
export const CONFIRM_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Who a token speaks for, and which of their token versions signed it. */
export interface TokenClaims {
  subscriberId: string;
  version: number;
}

/** 128 bits of tag: ample against forgery, and the links stay short. */
const TAG_BYTES = 16;
const PURPOSE_CHARS = new Set<string>(Object.values(TOKEN_PURPOSES));

function claimsString(claims: TokenClaims, expiresAtMs?: number): string {
  const parts = [claims.subscriberId, String(claims.version)];
  if (expiresAtMs !== undefined) parts.push(Math.floor(expiresAtMs / 1000).toString(36));
  return parts.join('.');
}

/** The canonical token for an input (`purpose.claims`): the only spelling that verifies. */
function tokenOf(secret: string, input: string): string {
  const tag = createHmac('sha256', secret).update(input).digest().subarray(0, TAG_BYTES);
  return `${Buffer.from(input).toString('base64url')}.${tag.toString('base64url')}`;
}

/** Signs a reader token; `expiresAtMs` (kept to the second) is required for confirm links. */
export function signToken(secret: string, purpose: TokenPurpose, claims: TokenClaims, expiresAtMs?: number): string {
  return tokenOf(secret, `${TOKEN_PURPOSES[purpose]}.${claimsString(claims, expiresAtMs)}`);
}

export type TokenCheck =
  /** `expiresAtMs` is present for tokens signed with an expiry (confirm links). */
  | { ok: true; claims: TokenClaims; expiresAtMs?: number }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'wrong_purpose' | 'expired' };

/** Checks spelling, signature, purpose and expiry. The caller still compares `version` with the subscriber's. */
export function verifyToken(secret: string, purpose: TokenPurpose, token: string, nowMs: number): TokenCheck {
  if (token.length > 200) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
  // Decoding is lenient; the comparison with the re-encoded expected token below is what isn't.
  const input = Buffer.from(token.slice(0, dot), 'base64url').toString();
  // Only a known purpose was ever signed; anything else cannot have a valid tag.
  if (input[1] !== '.' || !PURPOSE_CHARS.has(input[0])) return { ok: false, reason: 'bad_signature' };
  const given = Buffer.from(token);
  const expected = Buffer.from(tokenOf(secret, input));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const [p, subscriberId, version, expiry] = input.split('.');
  if (p !== TOKEN_PURPOSES[purpose]) return { ok: false, reason: 'wrong_purpose' };
  if (!subscriberId || !/^\d+$/.test(version ?? '')) return { ok: false, reason: 'malformed' };
  if (purpose === 'confirm' && expiry === undefined) return { ok: false, reason: 'malformed' };
  const expiresAtMs = expiry === undefined ? undefined : parseInt(expiry, 36) * 1000;
  if (expiresAtMs !== undefined && !(expiresAtMs >= nowMs)) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { subscriberId, version: Number(version) }, ...(expiresAtMs === undefined ? {} : { expiresAtMs }) };
}

/** The per-reader link set that goes into every email: three tokens, so three HMACs. */
export function readerLinks(
  secret: string,
  baseUrl: string,
  claims: TokenClaims,
): { unsubscribeUrl: string; preferencesUrl: string; personaToken: string } {
  return {
    unsubscribeUrl: `${baseUrl}/unsubscribe/${signToken(secret, 'unsubscribe', claims)}`,
    preferencesUrl: `${baseUrl}/preferences/${signToken(secret, 'preferences', claims)}`,
    personaToken: signToken(secret, 'persona', claims),
  };
}
