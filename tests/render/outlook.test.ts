/**
 * Outlook for Windows (Word's HTML engine) ignores max-width, inline-block and border-radius, and
 * reads what sits in `<!--[if mso]>` comments. The emails give it a 600px ghost table around the
 * card, a ghost row for the persona pills and a VML button. Checked on the markup, and in
 * Chromium on an "Outlook view": the MSO-only parts uncommented, the non-MSO ones dropped, and
 * the CSS Word ignores removed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileVariant, personalise } from '../../src/render/compile.js';
import { renderAlreadySubscribedEmail, renderConfirmEmail } from '../../src/render/index.js';
import { ARTIFACTS, launchChromium, skipBrowserTests } from '../web/browser-helpers.js';
import { POSTAL, reader, seedVariant } from './fixtures.js';

/** The document as Outlook for Windows reads it, roughly. */
export function outlookView(html: string): string {
  return html
    .replace(/<!--\[if !mso\]><!-->[\s\S]*?<!--<!\[endif\]-->/g, '')
    .replace(/<!--\[if mso\]>([\s\S]*?)<!\[endif\]-->/g, '$1')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/max-width:[^;"]+;?/g, '')
    .replace(/display:inline-block;?/g, '')
    .replace(/border-radius:[^;"]+;?/g, '');
}

function conditionalsBalance(html: string): void {
  const opens = html.match(/<!--\[if [^\]]+\]>/g)?.length ?? 0;
  const closes = html.match(/<!\[endif\]-->/g)?.length ?? 0;
  expect(opens).toBeGreaterThan(0);
  expect(closes).toBe(opens);
}

describe('the markup Outlook reads', () => {
  it('wraps the edition’s card in a 600px ghost table and sets Outlook’s pixel density', async () => {
    const { html } = personalise(await compileVariant(seedVariant()), reader());
    conditionalsBalance(html);
    expect(html).toMatch(/<!--\[if mso\]><table[^>]* width="600"[^>]*><tr><td[^>]*><!\[endif\]-->/);
    expect(html).toContain('<o:PixelsPerInch>96</o:PixelsPerInch>');
    expect(html).not.toContain('pp-mso');
  });

  it('gives the confirmation and the note a VML button with the same link and words', async () => {
    const confirm = await renderConfirmEmail({ publication: 'Primera Plana', confirmUrl: 'https://x.example/confirm/a&b', postalAddress: POSTAL });
    const note = await renderAlreadySubscribedEmail({ publication: 'Primera Plana', preferencesUrl: 'https://x.example/preferences/p', postalAddress: POSTAL });
    for (const [html, href, label] of [
      [confirm.html, 'https://x.example/confirm/a&amp;b', 'Confirm my subscription'],
      [note.html, 'https://x.example/preferences/p', 'Change your persona, language or name'],
    ]) {
      conditionalsBalance(html);
      expect(html).toMatch(new RegExp(`<!--\\[if mso\\]><v:roundrect [^>]*href="${href.replace(/[.?&]/g, '\\$&')}"[^>]*fillcolor="#a8352a"`));
      expect(html).toMatch(new RegExp(`<center [^>]*>${label}</center></v:roundrect><!\\[endif\\]-->`));
      // Everyone else gets the HTML button, hidden from Outlook so it shows once.
      expect(html).toMatch(/<!--\[if !mso\]><!-->(?:(?!<!--<!\[endif\]-->)[\s\S])*<a href="[^"]+"[^>]*>(?:(?!<!--<!\[endif\]-->)[\s\S])*<!--<!\[endif\]-->/);
    }
    // The text part has the link once.
    expect(confirm.text.split('https://x.example/confirm/a&b').length - 1).toBe(1);
  });
});

describe.skipIf(skipBrowserTests('tests/render/outlook.test.ts'))('an Outlook view in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps the card at 600px and the persona pills side by side', async () => {
    const { html } = personalise(await compileVariant(seedVariant()), reader());
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(outlookView(html));
    const card = await page.evaluate<number>(`document.querySelector('table.pp-c').getBoundingClientRect().width`);
    expect(card).toBeLessThanOrEqual(600);
    const tops = await page.evaluate<number[]>(
      `[...document.querySelectorAll('a')].filter((a) => ['Everyday reader', 'Executive', 'Engineer', 'Investor'].includes(a.textContent)).map((a) => Math.round(a.getBoundingClientRect().top))`,
    );
    expect(tops).toHaveLength(4);
    expect(new Set(tops).size).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}email-outlook-view.png` });
    await page.close();
  });
});
