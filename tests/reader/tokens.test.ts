/**
 * Reader tokens: one HMAC-SHA256 per token over the purpose and the claims, so a token for one
 * purpose can neither be used nor turned into one for another, and exactly one spelling of each
 * token verifies (no padding, no `+`/`/`, no non-canonical trailing bits).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readerLinks, signToken, TOKEN_PURPOSES, verifyToken, type TokenPurpose } from '../../src/reader/tokens.js';
import { claimsWithUrlSafeChars, spellingVariants } from './token-spellings.js';

const SECRET = 'test-token-secret-0123456789';
const claims = { subscriberId: 'sub_0123456789abcdefghij', version: 3 };
const NOW = Date.parse('2026-11-26T10:00:00Z');
const payloadOf = (token: string) => Buffer.from(token.split('.')[0], 'base64url').toString();
const withPayload = (token: string, payload: string) => `${Buffer.from(payload).toString('base64url')}.${token.split('.')[1]}`;
const ALL = Object.keys(TOKEN_PURPOSES) as TokenPurpose[];
/** Confirm tokens must carry an expiry; the others are signed without one. */
const sign = (p: TokenPurpose, c = claims) => signToken(SECRET, p, c, p === 'confirm' ? NOW + 60_000 : undefined);

describe('reader tokens', () => {
  const purposes: TokenPurpose[] = ['preferences', 'unsubscribe', 'persona'];

  it('is base64url(purpose.claims) and the first 128 bits of HMAC-SHA256(secret, purpose.claims), unpadded', () => {
    const token = signToken(SECRET, 'unsubscribe', claims);
    const input = `u.${claims.subscriberId}.${claims.version}`;
    const tag = createHmac('sha256', SECRET).update(input).digest().subarray(0, 16).toString('base64url');
    expect(token).toBe(`${Buffer.from(input).toString('base64url')}.${tag}`);
    expect(token).not.toContain('=');
  });

  it('round-trips every purpose, with and without an expiry', () => {
    for (const p of ALL) {
      const check = verifyToken(SECRET, p, sign(p), NOW);
      expect(check, p).toEqual({ ok: true, claims, ...(p === 'confirm' ? { expiresAtMs: Math.floor((NOW + 60_000) / 1000) * 1000 } : {}) });
    }
  });

  it('signs each purpose with its own tag, and readerLinks signs exactly what signToken does', () => {
    const tags = purposes.map((p) => signToken(SECRET, p, claims).split('.')[1]);
    expect(new Set(tags).size).toBe(3);
    const links = readerLinks(SECRET, 'https://news.example.com', claims);
    expect(links.unsubscribeUrl).toBe(`https://news.example.com/unsubscribe/${signToken(SECRET, 'unsubscribe', claims)}`);
    expect(links.preferencesUrl).toBe(`https://news.example.com/preferences/${signToken(SECRET, 'preferences', claims)}`);
    expect(links.personaToken).toBe(signToken(SECRET, 'persona', claims));
    for (const p of purposes) expect(verifyToken(SECRET, p, signToken(SECRET, p, claims), NOW)).toEqual({ ok: true, claims });
  });

  it('never verifies a token of one purpose for another', () => {
    for (const signed of ALL) {
      for (const used of ALL.filter((p) => p !== signed)) {
        expect(verifyToken(SECRET, used, sign(signed), NOW), `${signed} used as ${used}`).toEqual({ ok: false, reason: 'wrong_purpose' });
      }
    }
  });

  it('refuses a token relabelled with another purpose: the purpose is inside the MAC', () => {
    const unsubscribe = signToken(SECRET, 'unsubscribe', claims);
    const relabelled = withPayload(unsubscribe, payloadOf(unsubscribe).replace(/^u\./, 'p.'));
    expect(verifyToken(SECRET, 'preferences', relabelled, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(SECRET, 'unsubscribe', withPayload(unsubscribe, payloadOf(unsubscribe).replace(/^u\./, 'x.')), NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('binds the expiry and the version into the tag', () => {
    const confirm = signToken(SECRET, 'confirm', claims, NOW + 60_000);
    expect(verifyToken(SECRET, 'confirm', confirm, NOW)).toMatchObject({ ok: true });
    expect(verifyToken(SECRET, 'confirm', confirm, NOW + 120_000)).toEqual({ ok: false, reason: 'expired' });
    const later = withPayload(confirm, payloadOf(confirm).replace(/\.[0-9a-z]+$/, `.${Math.floor((NOW + 9e9) / 1000).toString(36)}`));
    expect(verifyToken(SECRET, 'confirm', later, NOW + 120_000)).toEqual({ ok: false, reason: 'bad_signature' });
    const unsubscribe = signToken(SECRET, 'unsubscribe', claims);
    expect(verifyToken(SECRET, 'unsubscribe', withPayload(unsubscribe, payloadOf(unsubscribe).replace(/\.3$/, '.4')), NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyToken('another-secret-0123456789', 'unsubscribe', unsubscribe, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('one spelling per token', () => {
  const { version, token } = claimsWithUrlSafeChars((v) => signToken(SECRET, 'unsubscribe', { ...claims, version: v }));

  it('verifies the canonical spelling', () => {
    expect(verifyToken(SECRET, 'unsubscribe', token, NOW)).toEqual({ ok: true, claims: { ...claims, version } });
  });

  it('refuses "=" padding, the + / alphabet and non-canonical trailing bits of a valid token', () => {
    const variants = spellingVariants(token);
    expect(variants.map(([what]) => what)).toEqual(expect.arrayContaining(['tag padded', 'tag with "=" appended', 'tag in the + / alphabet', 'tag with non-canonical trailing bits']));
    const accepted = variants.filter(([, variant]) => verifyToken(SECRET, 'unsubscribe', variant, NOW).ok);
    expect(accepted, `spellings of ${token} that verified`).toEqual([]);
  });

  it('refuses every one-character edit of a valid token, including ones that decode to the same bytes', () => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.';
    for (let i = 0; i < token.length; i++) {
      for (const c of chars) {
        if (c === token[i]) continue;
        const edited = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
        if (verifyToken(SECRET, 'unsubscribe', edited, NOW).ok) expect.fail(`accepted ${edited}, position ${i} changed to "${c}" (token ${token})`);
      }
    }
  });
});
