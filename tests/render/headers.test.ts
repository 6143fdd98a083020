/**
 * Per-message headers, header safety, and the small text decisions both render paths share.
 */
import { describe, expect, it } from 'vitest';
import { compileVariant } from '../../src/render/compile.js';
import { renderAlreadySubscribedEmail } from '../../src/render/already-subscribed.js';
import { renderConfirmEmail } from '../../src/render/confirm.js';
import { headerSafe, listIdFor, messageHeaders, slugify } from '../../src/render/headers.js';
import { cleanInline, firstName, firstSentence, formatEditionDate } from '../../emails/components/text.js';
import { POSTAL, seedRow, seedVariant } from './fixtures.js';

describe('headers', () => {
  it('names the list section.publication.host', () => {
    expect(
      listIdFor({ section: 'The AI Landscape', publication: 'Primera Plana', baseUrl: 'http://localhost:3000' }),
    ).toBe('the-ai-landscape.primera-plana.localhost');
    expect(listIdFor({ section: '', publication: 'Café Crème', baseUrl: 'https://news.example.org/' })).toBe(
      'cafe-creme.news.example.org',
    );
  });

  it('carries one-click unsubscribe and the List-Id', () => {
    expect(messageHeaders({ unsubscribeUrl: 'https://x.example/unsubscribe/t', listId: 'a.b.localhost' })).toEqual({
      'List-Unsubscribe': '<https://x.example/unsubscribe/t>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': '<a.b.localhost>',
    });
  });

  it('cannot be used to inject a header', () => {
    const h = messageHeaders({ unsubscribeUrl: 'https://x.example/u\r\nBcc: victim@example.com', listId: '<a\nb>' });
    for (const v of Object.values(h)) expect(v).not.toMatch(/[\r\n]/);
    expect(headerSafe('Title\r\nBcc: x@y\u0000\u0007 end\t!')).toBe('Title Bcc: x@y end !');
  });

  it('gives a variant the edition title as a header-safe subject', async () => {
    const v = await compileVariant(seedVariant({ edition: { ...seedRow, title: 'Line one\r\nBcc: x@example.com' } }));
    expect(v.subject).toBe('Line one Bcc: x@example.com');
    expect(v.listId).toBe('the-ai-landscape.primera-plana.localhost');
  });

  it('slugifies like a URL would', () => {
    expect(slugify('  Él Niño — 2026! ')).toBe('el-nino-2026');
  });
});

describe('shared text decisions', () => {
  it('cleans a display name into one tidy line', () => {
    expect(cleanInline('  Ana \n\t María  ')).toBe('Ana María');
    expect(cleanInline('a\u0000b\u202ec')).toBe('abc');
    expect(cleanInline('x\uD800y')).toBe('x\uFFFDy');
    expect(firstName(null)).toBe('');
    expect(firstName(' \u200b ')).toBe('');
    const long = firstName('👩‍👩‍👧'.repeat(100));
    expect([...new Intl.Segmenter().segment(long)]).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('takes the preheader from the first sentence', () => {
    expect(firstSentence('One. Two.')).toBe('One.');
    expect(firstSentence('word '.repeat(60)).length).toBeLessThanOrEqual(140);
  });

  it('writes the date as the seed does, in UTC', () => {
    expect(formatEditionDate('2026-04-21')).toBe('April 21, 2026');
    expect(formatEditionDate('not a date')).toBe('not a date');
  });
});

describe('the confirmation email', () => {
  it('says what to do, for how long, and what ignoring it means', async () => {
    const mail = await renderConfirmEmail({
      publication: 'Primera Plana',
      confirmUrl: 'https://x.example/confirm/t?a=1&b=2',
      postalAddress: POSTAL,
      name: null,
    });
    expect(mail.subject).toBe('Confirm your subscription to Primera Plana');
    expect(mail.html).toContain('href="https://x.example/confirm/t?a=1&amp;b=2"');
    for (const part of [mail.text, mail.html.replaceAll('&#x27;', "'")]) {
      expect(part).toContain('Confirm your subscription to Primera Plana');
      expect(part).toContain('This link expires in 7 days');
      expect(part).toContain("you won't be subscribed");
      expect(part).toContain(POSTAL);
    }
    expect(mail.text).toContain('Confirm my subscription https://x.example/confirm/t?a=1&b=2');
  });

  it('refuses a non-http confirm link', async () => {
    await expect(
      renderConfirmEmail({ publication: 'P', confirmUrl: 'javascript:alert(1)', postalAddress: POSTAL }),
    ).rejects.toThrow();
  });
});

describe('the "already subscribed" note', () => {
  it('is the house template: says nothing changed, links the preferences as a button, signs with the postal address', async () => {
    const mail = await renderAlreadySubscribedEmail({
      publication: 'Primera Plana',
      preferencesUrl: 'https://x.example/preferences/t?a=1&b=2',
      postalAddress: POSTAL,
      language: 'es',
    });
    // A Spanish subscriber's note is in Spanish, subject included.
    expect(mail.subject).toBe('Esta dirección ya está suscrita a Primera Plana');
    expect(mail.html).toMatch(/^<!DOCTYPE html[^>]*><html[^>]* lang="es"/);
    // The shared shell: dark-mode colour scheme, preheader, masthead.
    expect(mail.html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(mail.html).toContain('Nada cambió: esta dirección ya recibe todas las ediciones de Primera Plana.');
    expect(mail.html).toMatch(/<a href="https:\/\/x\.example\/preferences\/t\?a=1&amp;b=2"[^>]*>/);
    for (const part of [mail.text, mail.html.replaceAll('&#x27;', "'")]) {
      expect(part).toContain('Esta dirección ya está suscrita a Primera Plana');
      expect(part).toContain('Ya recibe todas las ediciones, así que nada cambió.');
      expect(part).toContain(POSTAL);
    }
    expect(mail.text).toContain('Cambiar perfil, idioma o nombre https://x.example/preferences/t?a=1&b=2');
  });

  it('keeps a publication name out of the headers and escaped in the body', async () => {
    const mail = await renderAlreadySubscribedEmail({ publication: 'A & <B>\r\nBcc: x@y.z', preferencesUrl: 'https://x.example/p', postalAddress: POSTAL });
    expect(mail.subject).toBe("You're already subscribed to A & <B> Bcc: x@y.z");
    expect(mail.html).toContain('A &amp; &lt;B&gt;');
    expect(mail.html).not.toContain('<B>');
  });

  it('refuses a non-http preferences link', async () => {
    await expect(renderAlreadySubscribedEmail({ publication: 'P', preferencesUrl: 'javascript:alert(1)', postalAddress: POSTAL })).rejects.toThrow();
  });
});
