/**
 * Signed reader links. A token is `base64url(purpose.subscriberId.version[.expiry]).mac` where mac
 * is HMAC-SHA256 over that payload with TOKEN_SECRET, truncated to 128 bits. A token is valid
 * only for its own purpose, until its expiry, and while the subscriber's token version is the
 * one it was signed with (bumping the version revokes every link). Pure: no database access.
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

const mac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url');

export function signToken(secret: string, purpose: TokenPurpose, claims: TokenClaims, expiresAtMs?: number): string {
  const parts = [TOKEN_PURPOSES[purpose], claims.subscriberId, String(claims.version)];
  if (expiresAtMs !== undefined) parts.push(Math.floor(expiresAtMs / 1000).toString(36));
  const payload = parts.join('.');
  return `${Buffer.from(payload).toString('base64url')}.${mac(secret, payload)}`;
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
  const expected = Buffer.from(mac(secret, payload), 'base64url');
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
  return {
    unsubscribeUrl: `${baseUrl}/unsubscribe/${signToken(secret, 'unsubscribe', claims)}`,
    preferencesUrl: `${baseUrl}/preferences/${signToken(secret, 'preferences', claims)}`,
    personaToken: signToken(secret, 'persona', claims),
  };
}
