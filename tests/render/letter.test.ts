/**
 * What a subscriber notices reading the edition email: a greeting where a letter has it (first
 * name only, or none), a TL;DR that says whose it is, the editor's reading time, a line inviting
 * replies, share links to the web version and a way in for whoever it was forwarded to.
 */
import { describe, expect, it } from 'vitest';
import { firstName } from '../../emails/components/text.js';
import { compileVariant, personalise, renderDirect } from '../../src/render/compile.js';
import { reader, seedPersonas, seedRow, seedTldr, seedVariant } from './fixtures.js';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

describe('the greeting', () => {
  it.each([
    ['Ana García', 'Ana'],
    ['Ana everyday en', 'Ana'],
    ['María-José Pérez Gómez', 'María-José'],
    ['Ana', 'Ana'],
    ['ana lópez', 'ana lópez'],
    ['Dr. Ana García', 'Dr. Ana García'],
    ['Mr Smith', 'Mr Smith'],
    ['李小龙', '李小龙'],
    ['  ', ''],
    [null, ''],
  ])('calls %j “%s”', (name, expected) => {
    expect(firstName(name)).toBe(expected);
  });

  it('opens the letter: right under the masthead, before the headline', async () => {
    const text = personalise(await compileVariant(seedVariant()), reader('t', { name: 'Ana García' })).text;
    const l = lines(text);
    const at = l.indexOf('Hi Ana,');
    expect(at).toBeGreaterThan(-1);
    expect(l[at - 1]).toBe('Primera Plana · The AI Landscape · Edition #0058');
    expect(l[at + 1]).toBe(seedRow.title);
    expect(text.indexOf('Hi Ana,')).toBeLessThan(text.indexOf('AI rewrite · Read it as…'));
  });

  it('is left out entirely when there is no name, identically on both paths', async () => {
    const input = seedVariant();
    const compiled = await compileVariant(input);
    for (const name of [null, '', ' \u200b ']) {
      const r = reader('t', { name });
      const email = personalise(compiled, r);
      expect(email).toEqual(await renderDirect(input, r));
      expect(email.text).not.toMatch(/\bHi\b/);
      expect(email.text).not.toContain('there,');
      expect(email.text).not.toMatch(/\n{4,}/);
      expect(email.html).not.toMatch(/<p[^>]*><\/p>/);
    }
  });

  it('greets in the reader’s language', async () => {
    const text = personalise(await compileVariant(seedVariant({ language: 'es' })), reader('t', { name: 'Ana García' })).text;
    expect(lines(text)).toContain('Hola, Ana:');
  });
});

describe('whose TL;DR it is', () => {
  it('names the persona it was written for', async () => {
    const email = personalise(await compileVariant(seedVariant({ persona: seedPersonas[2], tldr: { ...seedTldr, source: 'claude' } })), reader());
    expect(lines(email.text)).toContain('TL;DR for the Engineer');
  });

  it('says honestly when it is the editor’s TL;DR for everyone', async () => {
    const email = personalise(await compileVariant(seedVariant({ persona: seedPersonas[2], tldr: { ...seedTldr, source: 'fallback' } })), reader());
    expect(lines(email.text)).toContain('TL;DR for every reader');
    expect(email.text).not.toContain('TL;DR for the Engineer');
  });
});

describe('the reading time', () => {
  it('is the editor’s when the edition sets it, computed otherwise', async () => {
    const set = personalise(await compileVariant(seedVariant({ edition: { ...seedRow, readingTime: 9 } })), reader()).text;
    expect(set).toContain('April 21, 2026 · ✦ Reading: 9 min');
    const computed = personalise(await compileVariant(seedVariant({ edition: { ...seedRow, readingTime: null } })), reader()).text;
    expect(computed).toContain('April 21, 2026 · ✦ Reading: 3 min');
  });
});

describe('reply, share and forward', () => {
  const web = `http://localhost:3000/editions/${seedRow.slug}`;

  it('invites a reply after the article', async () => {
    const text = personalise(await compileVariant(seedVariant()), reader()).text;
    expect(text).toContain('Just reply — we read everything.');
    expect(text.indexOf('Just reply')).toBeGreaterThan(text.indexOf('The context worth holding onto'));
  });

  it('links X, LinkedIn, email and the plain link to the public web version, never a reader’s token', async () => {
    const { html, text } = personalise(await compileVariant(seedVariant()), reader('secret-token'));
    const enc = encodeURIComponent(web);
    expect(html).toContain(`href="https://x.com/intent/post?url=${enc}&amp;text=`);
    expect(html).toContain(`href="https://www.linkedin.com/sharing/share-offsite/?url=${enc}"`);
    expect(html).toMatch(new RegExp(`href="mailto:\\?subject=[^"]+&amp;body=[^"]*${enc.replace(/[.%]/g, '\\$&')}"`));
    expect(text).toContain(`Or copy the link: ${web}`);
    const share = html.slice(html.indexOf('Share this edition'), html.indexOf('Or copy the link'));
    expect(share).not.toContain('secret-token');
  });

  it('offers whoever it was forwarded to a way to subscribe', async () => {
    const text = personalise(await compileVariant(seedVariant()), reader()).text;
    expect(text).toMatch(/Forwarded this\? Subscribe http:\/\/localhost:3000\/\?lang=en/);
  });
});
