/**
 * Every reader page in Spanish, in headless Chromium with a Spanish browser (`es-ES`), against the
 * app served over HTTP with the local outbox: subscribe, the form's error, check your inbox,
 * confirm, confirmed, preferences (and the switch to English and back), saved, unsubscribe,
 * unsubscribed, resubscribe, a refused link and a missing page. Each is checked for English words
 * and screenshotted at 1024 px and at 375 px (where nothing may overflow) into tests/artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../emails/i18n/index.js';
import { OutboxMailer } from '../../src/mail/outbox.js';
import { FixedClock, makeTestApp, type TestApp } from '../helpers/app.js';
import { leaks, readable } from '../i18n/leaks.js';
import { ARTIFACTS, launchChromium, outboxFor, serveApp, skipBrowserTests, watchConsole } from '../web/browser-helpers.js';
import { confirmLink, markSent, subscriberByEmail } from './helpers.js';

const OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
const es = CATALOGS.es.reader;
const PUB = 'Primera Plana';

describe.skipIf(skipBrowserTests('tests/reader/browser-i18n.test.ts'))('the reader pages in Spanish, in Chromium', () => {
  let browser: Browser;
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let outbox: string;

  beforeAll(async () => {
    outbox = mkdtempSync(join(tmpdir(), 'pp-outbox-'));
    const clock = new FixedClock();
    t = await makeTestApp({ clock, mailer: new OutboxMailer(outbox, () => clock.now()) });
    await markSent(t.deps.db);
    server = await serveApp(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t?.close();
    rmSync(outbox, { recursive: true, force: true });
  });

  /** The page as it stands: in Spanish, no English chrome, screenshotted wide and on a phone. */
  async function looksSpanish(page: Page, name: string) {
    expect(await page.locator('html').getAttribute('lang'), name).toBe('es');
    expect(leaks(readable(await page.content()), 'es'), name).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}reader-es-${name}.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await page.evaluate<number>(OVERFLOW), `${name} at 375 px`).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}reader-es-${name}-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1024, height: 900 });
  }

  const h1 = (page: Page) => page.textContent('h1');

  it('subscribe → check inbox → confirm → preferences → unsubscribe → resubscribe, and the pages that refuse', async () => {
    const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 1024, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = watchConsole(page);

    await page.goto(`${server.url}/`);
    expect(await h1(page)).toBe(es.home.heading(PUB));
    expect(await page.inputValue('#language')).toBe('es');
    await looksSpanish(page, 'subscribe');

    await page.evaluate("document.querySelector('form').noValidate = true");
    await page.fill('#email', 'not-an-address');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toBe(es.problems.emailInvalid);
    await looksSpanish(page, 'subscribe-error');

    await page.fill('#email', 'lucia@example.com');
    await page.fill('#name', 'Lucía');
    await page.click('label.option:has(input[value=engineer])');
    await page.click('button[type=submit]');
    await expect.poll(() => h1(page)).toBe(es.checkInbox.title);
    await looksSpanish(page, 'check-inbox');
    expect(await subscriberByEmail(t.deps.db, 'lucia@example.com')).toMatchObject({ status: 'pending', persona: 'engineer', language: 'es' });

    await t.drained();
    const [mail] = await outboxFor(outbox, 'lucia@example.com');
    expect(mail.headers.subject).toBe('Confirma tu suscripción a Primera Plana');
    await page.goto(confirmLink(mail.html));
    expect(await h1(page)).toBe(es.confirm.title);
    await looksSpanish(page, 'confirm');
    await page.click(`button:has-text("${es.confirm.button}")`);
    await expect.poll(() => h1(page)).toBe(es.confirm.subscribed);
    await looksSpanish(page, 'confirmed');

    await page.click(`text=${es.confirm.preferences}`);
    expect(await h1(page)).toBe(es.preferences.title);
    await looksSpanish(page, 'preferences');
    // The switch: the same page in English, and back.
    await page.click('.langs a[hreflang=en]');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await h1(page)).toBe(CATALOGS.en.reader.preferences.title);
    await page.click('.langs a[hreflang=es]');
    expect(await h1(page)).toBe(es.preferences.title);

    await page.click('label.option:has(input[value=investor])');
    await page.click(`button:has-text("${es.preferences.save}")`);
    await expect.poll(() => page.textContent('[role=status]')).toBe(es.preferences.saved);
    await looksSpanish(page, 'preferences-saved');
    expect((await subscriberByEmail(t.deps.db, 'lucia@example.com')).persona).toBe('investor');

    await page.click(`.actions a:has-text("${es.preferences.unsubscribe}")`);
    expect(await h1(page)).toBe(es.unsubscribe.title(PUB));
    await looksSpanish(page, 'unsubscribe');
    await page.click(`button:has-text("${es.unsubscribe.button}")`);
    await expect.poll(() => h1(page)).toBe(es.unsubscribe.done);
    await looksSpanish(page, 'unsubscribed');
    expect((await subscriberByEmail(t.deps.db, 'lucia@example.com')).status).toBe('unsubscribed');

    t.clock.advance(2000);
    await page.click(`button:has-text("${es.unsubscribe.subscribeAgain}")`);
    await expect.poll(() => h1(page)).toBe(es.checkInbox.title);
    await looksSpanish(page, 'resubscribe');

    await page.goto(`${server.url}/confirm/not-a-real-token`);
    expect(await h1(page)).toBe(es.linkProblems.invalid.title);
    await looksSpanish(page, 'link-problem');

    await page.goto(`${server.url}/no-such-page`);
    expect(await h1(page)).toBe(es.errors.notFound.title);
    await looksSpanish(page, '404');

    // The expected failures: the invalid address (400), the refused link (400), the missing page (404).
    expect(errors.filter((e) => !/status of (400|404)/.test(e))).toEqual([]);
    await context.close();
  });
});
