/**
 * Signed reader links. A token is `base64url(purpose.subscriberId.version[.expiry]).tag`. The tag
 * is one 128-bit quarter of HMAC-SHA512(TOKEN_SECRET, "subscriberId.version[.expiry]"), the
 * quarter the purpose names: the four quarters are independent, so a token for one purpose says
 * nothing about the tag of another, and the three links in an email cost one HMAC. A token is
 * valid only for its own purpose, until its expiry, and while the subscriber's token version is
 * the one it was signed with (bumping the version revokes every link). Pure: no database access.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOKEN_PURPOSES = {
  confirm: 'c',
  preferences: 'p',
  unsubscribe: 'u',
  persona: 's',
} as const;
export type TokenPurpose = keyof typeof TOKEN_PURPOSES;

/** Confirmation links expire after 7 days; the others live until revoked. */
export const CONFIRM_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface TokenClaims {
  subscriberId: string;
  version: number;
}

/** Which quarter of the HMAC each purpose's tag is. */
const QUARTER: Record<string, number> = { c: 0, p: 1, u: 2, s: 3 };

/** The four tags of a claims string (subscriberId.version[.expiry]): 64 bytes. */
const tagsOf = (secret: string, claims: string) => createHmac('sha512', secret).update(claims).digest();
const tagIn = (tags: Buffer, purposeChar: string) => tags.subarray(QUARTER[purposeChar] * 16, QUARTER[purposeChar] * 16 + 16);

function claimsString(claims: TokenClaims, expiresAtMs?: number): string {
  const parts = [claims.subscriberId, String(claims.version)];
  if (expiresAtMs !== undefined) parts.push(Math.floor(expiresAtMs / 1000).toString(36));
  return parts.join('.');
}

/** A token from its claims string and the tags computed for it. */
function tokenOf(purpose: TokenPurpose, claims: string, tags: Buffer): string {
  const p = TOKEN_PURPOSES[purpose];
  return `${Buffer.from(`${p}.${claims}`).toString('base64url')}.${tagIn(tags, p).toString('base64url')}`;
}

export function signToken(secret: string, purpose: TokenPurpose, claims: TokenClaims, expiresAtMs?: number): string {
  const c = claimsString(claims, expiresAtMs);
  return tokenOf(purpose, c, tagsOf(secret, c));
}

export type TokenCheck =
  /** `expiresAtMs` is present for tokens signed with an expiry (confirm links). */
  | { ok: true; claims: TokenClaims; expiresAtMs?: number }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'wrong_purpose' | 'expired' };

/** Checks signature, purpose and expiry. The caller still compares `version` with the subscriber's. */
export function verifyToken(secret: string, purpose: TokenPurpose, token: string, nowMs: number): TokenCheck {
  if (token.length > 200) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
  const payload = Buffer.from(token.slice(0, dot), 'base64url').toString();
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const sep = payload.indexOf('.');
  // Only a known purpose has a tag at all; anything else cannot have been signed.
  if (sep !== 1 || !Object.hasOwn(QUARTER, payload[0])) return { ok: false, reason: 'bad_signature' };
  const expected = tagIn(tagsOf(secret, payload.slice(2)), payload[0]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const [p, subscriberId, version, expiry] = payload.split('.');
  if (p !== TOKEN_PURPOSES[purpose]) return { ok: false, reason: 'wrong_purpose' };
  if (!subscriberId || !/^\d+$/.test(version ?? '')) return { ok: false, reason: 'malformed' };
  if (purpose === 'confirm' && expiry === undefined) return { ok: false, reason: 'malformed' };
  const expiresAtMs = expiry === undefined ? undefined : parseInt(expiry, 36) * 1000;
  if (expiresAtMs !== undefined && !(expiresAtMs >= nowMs)) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { subscriberId, version: Number(version) }, ...(expiresAtMs === undefined ? {} : { expiresAtMs }) };
}

/** The per-reader link set that goes into every email. */
export function readerLinks(
  secret: string,
  baseUrl: string,
  claims: TokenClaims,
): { unsubscribeUrl: string; preferencesUrl: string; personaToken: string } {
  const c = claimsString(claims);
  const tags = tagsOf(secret, c);
  return {
    unsubscribeUrl: `${baseUrl}/unsubscribe/${tokenOf('unsubscribe', c, tags)}`,
    preferencesUrl: `${baseUrl}/preferences/${tokenOf('preferences', c, tags)}`,
    personaToken: tokenOf('persona', c, tags),
  };
}
