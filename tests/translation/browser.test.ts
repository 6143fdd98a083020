/**
 * A translated email in a real engine (headless Chromium): a Spanish reader sees the Spanish
 * headline and article, which the page says are Spanish (`lang`, as the DOM resolves it), the line
 * saying Claude translated it with a working link to the original, and nothing wider than a 375px
 * phone. Screenshots land in tests/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileVariant, personalise } from '../../src/render/compile.js';
import type { TranslationContent } from '../../src/render/types.js';
import { pseudoTranslate } from '../fakes/anthropic-translate.js';
import { reader, seedRow, seedVariant } from '../render/fixtures.js';
import { ARTIFACTS, launchChromium, skipBrowserTests } from '../web/browser-helpers.js';

const ORIGINAL = `http://localhost:3000/editions/${seedRow.slug}?lang=en`;
const es = pseudoTranslate({ title: seedRow.title, dek: seedRow.dek, body: seedRow.body }, 'es');
const translation: TranslationContent = { kind: 'translated', language: 'es', ...es, source: 'claude', originalUrl: ORIGINAL };

describe.skipIf(skipBrowserTests('tests/translation/browser.test.ts'))('a translated email in Chromium', () => {
  let browser: Browser;
  let html = '';
  beforeAll(async () => {
    html = personalise(await compileVariant(seedVariant({ language: 'es', translation })), reader('tok', { name: 'Ana García' })).html;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each([1200, 375])('shows the Spanish article, marked Spanish, with the line and the link to the original (%ipx)', async (width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const h1 = page.getByRole('heading', { level: 1, name: es.title });
    expect(await h1.isVisible()).toBe(true);
    // The language the DOM resolves for an element: its own `lang` or its nearest ancestor's.
    const langOf = (selector: string) => page.evaluate<string>(`document.querySelector(${JSON.stringify(selector)}).closest('[lang]').lang`);
    expect(await langOf('h1')).toBe('es');
    expect(await langOf('h2')).toBe('es'); // the article's section headings
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('es');
    expect(await page.getByText('Traducido del inglés por Claude').isVisible()).toBe(true);
    const link = page.getByRole('link', { name: 'Leer el original', exact: true });
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute('href')).toBe(ORIGINAL);
    expect(await page.getByText('380.000 millones de dólares').first().isVisible()).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${ARTIFACTS}email-es-translated-${width}.png`, fullPage: true });
    await page.close();
  });
});
