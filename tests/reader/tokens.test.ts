/**
 * Reader tokens: one HMAC-SHA512 per reader gives each purpose its own 128-bit tag, so a token
 * for one purpose can neither be used nor turned into one for another.
 */
import { describe, expect, it } from 'vitest';
import { readerLinks, signToken, verifyToken, type TokenPurpose } from '../../src/reader/tokens.js';

const SECRET = 'test-token-secret-0123456789';
const claims = { subscriberId: 'sub_0123456789abcdefghij', version: 3 };
const NOW = Date.parse('2026-11-26T10:00:00Z');
const payloadOf = (token: string) => Buffer.from(token.split('.')[0], 'base64url').toString();
const withPayload = (token: string, payload: string) => `${Buffer.from(payload).toString('base64url')}.${token.split('.')[1]}`;

describe('reader tokens', () => {
  const purposes: TokenPurpose[] = ['preferences', 'unsubscribe', 'persona'];

  it('signs each purpose with its own tag, and readerLinks signs exactly what signToken does', () => {
    const tags = purposes.map((p) => signToken(SECRET, p, claims).split('.')[1]);
    expect(new Set(tags).size).toBe(3);
    const links = readerLinks(SECRET, 'https://news.example.com', claims);
    expect(links.unsubscribeUrl).toBe(`https://news.example.com/unsubscribe/${signToken(SECRET, 'unsubscribe', claims)}`);
    expect(links.preferencesUrl).toBe(`https://news.example.com/preferences/${signToken(SECRET, 'preferences', claims)}`);
    expect(links.personaToken).toBe(signToken(SECRET, 'persona', claims));
    for (const p of purposes) expect(verifyToken(SECRET, p, signToken(SECRET, p, claims), NOW)).toEqual({ ok: true, claims });
  });

  it('refuses a token used for another purpose, or relabelled as one', () => {
    const unsubscribe = signToken(SECRET, 'unsubscribe', claims);
    expect(verifyToken(SECRET, 'preferences', unsubscribe, NOW)).toEqual({ ok: false, reason: 'wrong_purpose' });
    // Same claims and tag, purpose letter changed: the tag belongs to another quarter.
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
