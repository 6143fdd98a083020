/**
 * caniemail support (through doiuse-email) for the Gmail, Outlook and Apple Mail families.
 * Every unsupported feature the emails use is listed below with the reason it is acceptable;
 * anything new fails the test until someone decides about it here.
 */
import { doIUseEmail } from 'doiuse-email';
import { describe, expect, it } from 'vitest';
import { compileVariant, personalise } from '../../src/render/compile.js';
import { renderAlreadySubscribedEmail } from '../../src/render/already-subscribed.js';
import { renderConfirmEmail } from '../../src/render/confirm.js';
import { POSTAL, reader, seedVariant } from './fixtures.js';

const CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*'];

/** Accepted "not supported" findings: feature → why its absence does no harm. */
const ACCEPTED: Record<string, string> = {
  // The <style> block is progressive enhancement only: dark-mode colours for clients that honour
  // prefers-color-scheme (Apple Mail, Outlook.com via [data-ogsc]) and the narrow-screen gutter.
  // Where it is stripped, the inline light design shows — it is complete and legible on its own.
  '@media': 'dark mode and mobile gutter are enhancements over a complete inline design',
  'Attribute selector': 'only `[data-ogsc]` (Outlook.com dark mode) — ignored elsewhere',
  'Class selector': 'the dark-mode classes; Gmail mobile webmail keeps the light design',
  'Descendant combinator': 'only `[data-ogsc] .x` — ignored elsewhere',
  // react-email's own markup:
  '<body> element': 'Outlook mobile drops <body>; react-email repeats its styles on an inner cell',
  'role attribute': 'role="presentation" on layout tables; an unknown attribute is ignored',
  'target attribute': 'Link adds target="_blank"; webmail opens links in a new tab regardless',
  outline: 'react-email Img resets outline; nothing to reset where outline is unsupported',
  // The preheader is hidden with several belt-and-braces properties (display, opacity,
  // max-height, overflow); each client honours at least one, so it never shows in the body.
  'display:none': 'preheader hiding — max-height:0/line-height:1px cover it',
  overflow: 'preheader hiding — display:none covers it in Outlook',
  opacity: 'preheader hiding — display:none covers it in Outlook',
  // Cosmetic degradations in Outlook for Windows (Word engine):
  'border-radius': 'the avatar and the persona pills are square in Outlook for Windows',
  'white-space': 'masthead segments may wrap mid-segment in Outlook for Windows',
  'word-break': 'a very long name wraps less politely in Windows Mail',
  'aria-hidden attribute': 'the avatar initial is decorative; Windows Mail reads it, harmlessly',
};

function unsupported(html: string): Map<string, Set<string>> {
  const result = doIUseEmail(html, { emailClients: CLIENTS });
  const found = new Map<string, Set<string>>();
  for (const e of result.success ? [] : result.errors) {
    const m = /^`(.+)` is not supported by `(.+)`$/.exec(e);
    const [feature, client] = m ? [m[1], m[2]] : [e, '?'];
    if (!found.has(feature)) found.set(feature, new Set());
    found.get(feature)!.add(client);
  }
  return found;
}

function expectOnlyAccepted(found: Map<string, Set<string>>): void {
  const unexpected = [...found].filter(([feature]) => !(feature in ACCEPTED));
  expect(unexpected.map(([f, c]) => `${f} (${[...c].join(', ')})`)).toEqual([]);
}

describe('caniemail support', () => {
  it('the edition email uses nothing unsupported beyond the accepted list', async () => {
    const { html } = personalise(await compileVariant(seedVariant()), reader());
    const found = unsupported(html);
    expectOnlyAccepted(found);
    // Nothing is unsupported in Apple Mail, and Gmail desktop misses nothing but `target`.
    const clients = new Set([...found.values()].flatMap((c) => [...c]));
    expect([...clients].filter((c) => c.startsWith('apple-mail'))).toEqual([]);
    for (const [feature, c] of found) {
      if (c.has('gmail.desktop-webmail')) expect(feature).toBe('target attribute');
    }
  });

  it('the confirmation email too', async () => {
    const { html } = await renderConfirmEmail({
      publication: 'Primera Plana',
      confirmUrl: 'https://primeraplana.example/confirm/abc',
      postalAddress: POSTAL,
    });
    expectOnlyAccepted(unsupported(html));
  });

  it('the "already subscribed" note too', async () => {
    const { html } = await renderAlreadySubscribedEmail({
      publication: 'Primera Plana',
      preferencesUrl: 'https://primeraplana.example/preferences/abc',
      postalAddress: POSTAL,
    });
    expectOnlyAccepted(unsupported(html));
  });
});
