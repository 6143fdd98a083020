/**
 * The seed email in a real engine (headless Chromium), in English and in Spanish: the parts that
 * matter are visible, the layout holds at 375px, dark mode darkens everything but the red, and
 * screenshots land in tests/artifacts/ for a human to look at (desktop 1200px, phone 375px, dark).
 * A missing Chromium fails these tests; only SKIP_BROWSER_TESTS=1 skips them (browser-helpers.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../emails/i18n/index.js';
import { color } from '../../emails/components/theme.js';
import { compileVariant, personalise } from '../../src/render/compile.js';
import { renderConfirmEmail } from '../../src/render/index.js';
import { ARTIFACTS, launchChromium, skipBrowserTests } from '../web/browser-helpers.js';
import { POSTAL, reader, seedRow, seedVariant } from './fixtures.js';

// Tests cannot reach the internet: the illustration is served as a local stand-in.
const ILLUSTRATION = `<svg xmlns="http://www.w3.org/2000/svg" width="1072" height="603" viewBox="0 0 1072 603">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#efe4d2"/><stop offset="1" stop-color="#c7906c"/></linearGradient></defs>
<rect width="1072" height="603" fill="url(#g)"/><circle cx="690" cy="300" r="150" fill="#a8352a" opacity=".85"/>
<rect x="250" y="190" width="280" height="220" rx="8" fill="#2e2a25" opacity=".8"/></svg>`;

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const ACCENT = rgb(color.accent);

describe.skipIf(skipBrowserTests('tests/render/browser.test.ts'))('the seed email in Chromium', () => {
  let browser: Browser;
  const html: Record<string, string> = {};

  beforeAll(async () => {
    for (const language of ['en', 'es']) {
      html[language] = personalise(await compileVariant(seedVariant({ language })), reader('tok', { name: 'Ana García' })).html;
    }
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(doc: string, width: number, images: boolean | 'slow', height = 900): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.route('**/*', (route) =>
      images === true && route.request().url() === seedRow.illustration!.src
        ? route.fulfill({ contentType: 'image/svg+xml', body: ILLUSTRATION })
        : route.abort(),
    );
    await page.setContent(doc, { waitUntil: 'load' });
    return page;
  }

  async function expectEssentialsVisible(page: Page, language: 'en' | 'es'): Promise<void> {
    const t = CATALOGS[language];
    expect(await page.getByRole('heading', { level: 1, name: seedRow.title }).isVisible()).toBe(true);
    expect(await page.getByText(t.article.tldrFor('Everyday reader'), { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(t.article.credit.claude).isVisible()).toBe(true);
    expect(await page.getByText(t.edition.greeting('Ana'), { exact: true }).isVisible()).toBe(true);
    for (const name of [t.footer.unsubscribe, t.footer.preferences, t.edition.viewInBrowser, 'Everyday reader', 'Investor', t.article.shareOnLinkedIn]) {
      expect(await page.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    }
    expect(await page.getByText('548 Market St').isVisible()).toBe(true);
    // The preheader is for inbox lists, never for the open email.
    expect(await page.locator('[data-skip-in-text="true"]').first().isVisible()).toBe(false);
  }

  it.each(['en', 'es'] as const)('shows title, TL;DR, greeting and footer links on a 1200px desktop (%s)', async (language) => {
    const page = await open(html[language], 1200, true);
    await expectEssentialsVisible(page, language);
    await page.screenshot({ path: `${ARTIFACTS}email-${language}-desktop.png`, fullPage: true });
    await page.close();
  });

  it.each(['en', 'es'] as const)('fits a 375px phone without sideways scrolling (%s)', async (language) => {
    const page = await open(html[language], 375, true);
    await expectEssentialsVisible(page, language);
    // Strings, not closures: they run in the page, and this project's types have no DOM lib.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}email-${language}-mobile.png`, fullPage: true });
    await page.screenshot({ path: `${ARTIFACTS}email-${language}-mobile-top.png` });
    await page.close();
  });

  it('stays readable with images off: the illustration’s alt text shows', async () => {
    const page = await open(html.en, 800, false);
    await expectEssentialsVisible(page, 'en');
    const alt = await page.locator('img').first().getAttribute('alt');
    expect(alt).toBe(seedRow.illustration!.alt);
    await page.screenshot({ path: `${ARTIFACTS}email-en-images-off.png`, fullPage: true });
    await page.close();
  });

  it.each(['en', 'es'] as const)('goes dark where the client asks: the page too, the red stays red, no white image box (%s)', async (language) => {
    // Tall enough that the body shows below the card; images load slowly (not at all here).
    const page = await open(html[language], 1200, 'slow', 6000);
    await page.emulateMedia({ colorScheme: 'dark' });
    const style = (selector: string, prop: string) => page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)}))[${JSON.stringify(prop)}]`);
    expect(await style('table.pp-c', 'backgroundColor')).toBe('rgb(28, 26, 23)');
    expect(await style('body', 'backgroundColor')).toBe('rgb(18, 17, 15)');
    expect(await style('table.pp-c', 'borderTopColor')).toBe(ACCENT);
    expect(await style('table.pp-n', 'borderLeftColor')).toBe(ACCENT);
    expect(await style('img', 'backgroundColor')).not.toBe(rgb(color.tint));
    expect(await style('img', 'backgroundColor')).not.toBe('rgb(255, 255, 255)');
    await page.close();
    const shot = await open(html[language], 1200, true);
    await shot.emulateMedia({ colorScheme: 'dark' });
    await shot.screenshot({ path: `${ARTIFACTS}email-${language}-dark.png`, fullPage: true });
    await shot.close();
  });

  it('the confirmation goes dark all the way down too', async () => {
    const { html: confirm } = await renderConfirmEmail({ publication: 'Primera Plana', confirmUrl: 'https://x.example/confirm/a', postalAddress: POSTAL, language: 'es' });
    const page = await open(confirm, 1200, false, 1400);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate<string>(`getComputedStyle(document.body).backgroundColor`)).toBe('rgb(18, 17, 15)');
    await page.screenshot({ path: `${ARTIFACTS}email-confirm-es-dark.png`, fullPage: true });
    await page.close();
  });
});
