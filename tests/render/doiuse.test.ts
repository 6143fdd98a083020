/**
 * caniemail support (through doiuse-email) for the Gmail, Outlook (Windows, Mac, the web, mobile),
 * Apple Mail and Yahoo families, named one by one.
 * Every unsupported feature the emails use is listed below with the reason it is acceptable;
 * anything new fails the test until someone decides about it here.
 */
import { DoIUseEmail } from 'doiuse-email';
import { describe, expect, it } from 'vitest';
import { compileVariant, personalise } from '../../src/render/compile.js';
import { renderAlreadySubscribedEmail } from '../../src/render/already-subscribed.js';
import { renderConfirmEmail } from '../../src/render/confirm.js';
import { POSTAL, reader, seedVariant } from './fixtures.js';

/**
 * The clients checked, by name. Globs are not used: doiuse-email matches them against its own
 * client list, which lacks Outlook on the web (`outlook.outlook-com`, present in its caniemail
 * data), so `outlook.*` silently skipped it.
 */
const CLIENTS = [
  'gmail.desktop-webmail', 'gmail.ios', 'gmail.android', 'gmail.mobile-webmail',
  'outlook.windows', 'outlook.windows-mail', 'outlook.macos', 'outlook.outlook-com', 'outlook.ios', 'outlook.android',
  'apple-mail.macos', 'apple-mail.ios',
  'yahoo.desktop-webmail', 'yahoo.ios', 'yahoo.android',
];

/** A feature caniemail has data for in every client; probing it tells a known client name from an unknown one. */
const PROBE_FEATURE = 'target attribute';

/**
 * A checker for exactly `clients`. doiuse-email drops a name missing from its list without a word
 * (it throws only when none is left), so the names are set as given and each is probed against
 * the caniemail data: a name the data does not know throws instead of being skipped.
 */
function checker(clients: string[]): DoIUseEmail {
  const make = (names: string[]) => {
    // Any listed client will do for the constructor; the real list is set right after.
    const d = new DoIUseEmail({ emailClients: ['gmail.desktop-webmail'] });
    d.emailClients = names as DoIUseEmail['emailClients'];
    return d;
  };
  for (const name of clients) {
    try {
      make([name]).checkFeaturesSupport(PROBE_FEATURE);
    } catch {
      throw new Error(`unknown email client "${name}": caniemail (through doiuse-email) has no data for it`);
    }
  }
  return make(clients);
}

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

function unsupported(html: string, clients = CLIENTS): Map<string, Set<string>> {
  const result = checker(clients).check(html);
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
    // Outlook on the web is checked too: like the other webmails it opens links its own way.
    expect([...(found.get('target attribute') ?? [])]).toContain('outlook.outlook-com');
    for (const [feature, c] of found) {
      if (c.has('gmail.desktop-webmail')) expect(feature).toBe('target attribute');
    }
  });

  it('the edition email in Spanish, with a fallback TL;DR and no reader name, too', async () => {
    const v = seedVariant({ language: 'es', tldr: { text: 'Resumen.', why: null, source: 'fallback' } });
    const { html } = personalise(await compileVariant(v), reader('t', { name: null }));
    expectOnlyAccepted(unsupported(html));
  });

  it('checks Yahoo and Outlook on the web by name', async () => {
    const { html } = personalise(await compileVariant(seedVariant()), reader());
    const clients = new Set([...unsupported(html).values()].flatMap((c) => [...c]));
    expect([...clients].filter((c) => c.startsWith('yahoo.')).sort()).toEqual(['yahoo.android', 'yahoo.desktop-webmail', 'yahoo.ios']);
    expect(clients).toContain('outlook.outlook-com');
  });

  it('the confirmation email too', async () => {
    for (const language of ['en', 'es']) {
      const { html } = await renderConfirmEmail({
        publication: 'Primera Plana',
        confirmUrl: 'https://primeraplana.example/confirm/abc',
        postalAddress: POSTAL,
        language,
      });
      expectOnlyAccepted(unsupported(html));
    }
  });

  it('fails on a client name it does not know instead of skipping it', () => {
    for (const name of ['outlook.outlook-web', 'outlook.*', 'gmail']) {
      expect(() => unsupported('<p>hi</p>', [name]), name).toThrow(/unknown email client/);
    }
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
