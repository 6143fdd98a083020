/** The link a click is counted under: the same for every reader, with no reader's token in it. */
import { describe, expect, it } from 'vitest';
import { signToken } from '../../src/reader/tokens.js';
import { linkKey } from '../../src/webhooks/links.js';

const token = (purpose: 'unsubscribe' | 'preferences' | 'persona' | 'confirm') =>
  signToken('a-secret-of-some-length', purpose, { subscriberId: 'sub_0abcdefgh0123456789abcdef0123', version: 3 }, purpose === 'confirm' ? 2e12 : undefined);

describe('linkKey', () => {
  it('keeps an ordinary link as it is (query and fragment included)', () => {
    expect(linkKey('https://example.com/report?utm_source=pp&id=7#findings')).toBe('https://example.com/report?utm_source=pp&id=7#findings');
    expect(linkKey('HTTPS://Example.COM')).toBe('https://example.com/');
  });

  it("drops each reader's signed token, from the path and from the query", () => {
    expect(linkKey(`https://news.example.com/unsubscribe/${token('unsubscribe')}`)).toBe('https://news.example.com/unsubscribe');
    expect(linkKey(`https://news.example.com/preferences/${token('preferences')}`)).toBe('https://news.example.com/preferences');
    expect(linkKey(`https://news.example.com/confirm/${token('confirm')}`)).toBe('https://news.example.com/confirm');
    expect(linkKey(`https://news.example.com/editions/0058-x?as=engineer&t=${token('persona')}`)).toBe('https://news.example.com/editions/0058-x?as=engineer');
    expect(linkKey(`https://news.example.com/editions/0058-x?t=${token('persona')}`)).toBe('https://news.example.com/editions/0058-x');
  });

  it('refuses what is not a web link, and bounds what it keeps', () => {
    expect(linkKey('mailto:editor@example.com')).toBeNull();
    expect(linkKey('javascript:alert(1)')).toBeNull();
    expect(linkKey('not a url')).toBeNull();
    expect(linkKey('')).toBeNull();
    expect(linkKey(`https://example.com/${'x'.repeat(5000)}`)!.length).toBe(2000);
  });
});
