/**
 * The seed email in a real engine (headless Chromium): the parts that matter are visible, the
 * layout holds at 375px, and screenshots land in tests/artifacts/ for a human to look at.
 * A missing Chromium fails these tests; only SKIP_BROWSER_TESTS=1 skips them (browser-helpers.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileVariant, personalise } from '../../src/render/compile.js';
import { ARTIFACTS, launchChromium, skipBrowserTests } from '../web/browser-helpers.js';
import { reader, seedRow, seedVariant } from './fixtures.js';

// Tests cannot reach the internet: the illustration is served as a local stand-in.
const ILLUSTRATION = `<svg xmlns="http://www.w3.org/2000/svg" width="1072" height="603" viewBox="0 0 1072 603">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#efe4d2"/><stop offset="1" stop-color="#c7906c"/></linearGradient></defs>
<rect width="1072" height="603" fill="url(#g)"/><circle cx="690" cy="300" r="150" fill="#a8352a" opacity=".85"/>
<rect x="250" y="190" width="280" height="220" rx="8" fill="#2e2a25" opacity=".8"/></svg>`;

describe.skipIf(skipBrowserTests('tests/render/browser.test.ts'))('the seed email in Chromium', () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    html = personalise(await compileVariant(seedVariant()), reader()).html;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number, images: boolean): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.route('**/*', (route) =>
      images && route.request().url() === seedRow.illustration!.src
        ? route.fulfill({ contentType: 'image/svg+xml', body: ILLUSTRATION })
        : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load' });
    return page;
  }

  async function expectEssentialsVisible(page: Page): Promise<void> {
    expect(await page.getByRole('heading', { level: 1, name: seedRow.title }).isVisible()).toBe(true);
    expect(await page.getByText('TL;DR', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('✦ Summarized with Claude at publish time').isVisible()).toBe(true);
    for (const name of ['Unsubscribe', 'Change your preferences', 'View in browser', 'Everyday reader', 'Investor']) {
      expect(await page.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    }
    expect(await page.getByText('548 Market St').isVisible()).toBe(true);
    // The preheader is for inbox lists, never for the open email.
    expect(await page.locator('[data-skip-in-text="true"]').first().isVisible()).toBe(false);
  }

  it('shows title, TL;DR and footer links on desktop', async () => {
    const page = await open(800, true);
    await expectEssentialsVisible(page);
    await page.screenshot({ path: `${ARTIFACTS}email-seed.png`, fullPage: true });
    await page.close();
  });

  it('fits a 375px phone without sideways scrolling', async () => {
    const page = await open(375, true);
    await expectEssentialsVisible(page);
    // Strings, not closures: they run in the page, and this project's types have no DOM lib.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}email-seed-mobile.png`, fullPage: true });
    await page.close();
  });

  it('stays readable with images off: the illustration’s alt text shows', async () => {
    const page = await open(800, false);
    await expectEssentialsVisible(page);
    const alt = await page.locator('img').first().getAttribute('alt');
    expect(alt).toBe(seedRow.illustration!.alt);
    await page.screenshot({ path: `${ARTIFACTS}email-seed-images-off.png`, fullPage: true });
    await page.close();
  });

  it('has dark-mode colours where the client asks for them', async () => {
    const page = await open(800, true);
    await page.emulateMedia({ colorScheme: 'dark' });
    const bg = await page.evaluate<string>(`getComputedStyle(document.querySelector('table.pp-c')).backgroundColor`);
    expect(bg).toBe('rgb(28, 26, 23)');
    await page.screenshot({ path: `${ARTIFACTS}email-seed-dark.png`, fullPage: false });
    await page.close();
  });
});
