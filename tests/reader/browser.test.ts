/**
 * The reader's whole journey in headless Chromium, against the app served over HTTP with the
 * local outbox mailer: subscribe through the form, confirm from the .eml, change persona and
 * language, unsubscribe with the button, resubscribe. Screenshots land in tests/artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../src/mail/outbox.js';
import { FixedClock, makeTestApp, type TestApp } from '../helpers/app.js';
import { ARTIFACTS, launchChromium, outboxFor, serveApp, skipBrowserTests, watchConsole } from '../web/browser-helpers.js';
import { activeSubscriber, confirmLink, markSent, sentDelivery, subscriberByEmail, tokenFor } from './helpers.js';

/** Horizontal overflow in px (0 when the page fits the viewport). Strings: this file has no DOM types. */
const OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

describe.skipIf(skipBrowserTests('tests/reader/browser.test.ts'))('the reader journey in Chromium', () => {
  let browser: Browser;
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let outbox: string;

  beforeAll(async () => {
    outbox = mkdtempSync(join(tmpdir(), 'pp-outbox-'));
    const clock = new FixedClock();
    t = await makeTestApp({ clock, mailer: new OutboxMailer(outbox, () => clock.now()) });
    server = await serveApp(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t?.close();
    rmSync(outbox, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}reader-${name}.png`, fullPage: true });

  it('subscribe → confirm → preferences → unsubscribe → resubscribe', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    const errors = watchConsole(page);
    await page.goto(`${server.url}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await shot(page, 'subscribe');

    // A server-side error keeps what was typed (the browser's own check is switched off to reach the server).
    await page.evaluate("document.querySelector('form').noValidate = true");
    await page.fill('#email', 'not-an-address');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toContain('Email address is not a valid address.');
    await shot(page, 'subscribe-error');

    await page.fill('#email', 'lucia@example.com');
    await page.fill('#name', 'Lucía <b>Q</b>\u202e');
    await page.click('label.option:has(input[value=engineer])');
    await page.selectOption('#language', 'en');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('h1')).toBe('Check your inbox');
    await shot(page, 'check-inbox');
    let s = await subscriberByEmail(t.deps.db, 'lucia@example.com');
    expect(s).toMatchObject({ status: 'pending', persona: 'engineer', language: 'en' });

    // The confirmation, from the outbox, once the transactional queue has sent it.
    await t.drained();
    const [confirmMail] = await outboxFor(outbox, 'lucia@example.com');
    // Lucía chose English: her confirmation and her pages are in English (tests/reader/browser-i18n.test.ts: in Spanish).
    expect(confirmMail.headers.subject).toBe('Confirm your subscription to Primera Plana');
    expect(confirmMail.rawHeaders).not.toMatch(/Luc|<b>/);
    const link = confirmLink(confirmMail.html);
    expect(link.startsWith(`${server.url}/confirm/`)).toBe(true);
    expect(confirmMail.text).toContain(link);

    // Opening the link (as a mail scanner would) only asks; the button confirms.
    await page.goto(link);
    expect(await page.textContent('h1')).toBe('Confirm your subscription');
    expect((await subscriberByEmail(t.deps.db, 'lucia@example.com')).status).toBe('pending');
    await shot(page, 'confirm');
    await page.click('button:has-text("Confirm my subscription")');
    await expect.poll(() => page.textContent('h1')).toBe('You’re subscribed');
    expect((await subscriberByEmail(t.deps.db, 'lucia@example.com')).status).toBe('active');
    await shot(page, 'confirmed');

    // Preferences: persona and language.
    await page.click('text=Choose your persona, language and name');
    expect(await page.textContent('h1')).toBe('Your preferences');
    expect(await page.inputValue('#name')).toBe('Lucía <b>Q</b>\u202e');
    expect(await page.isChecked('input[value=engineer]')).toBe(true);
    await shot(page, 'preferences');
    await page.fill('#name', 'Lucía');
    await page.click('label.option:has(input[value=investor])');
    await page.selectOption('#language', 'pt');
    await page.click('button:has-text("Save preferences")');
    await expect.poll(() => page.textContent('[role=status]')).toContain('Saved');
    expect(await page.isChecked('input[value=investor]')).toBe(true);
    await shot(page, 'preferences-saved');
    s = await subscriberByEmail(t.deps.db, 'lucia@example.com');
    expect(s).toMatchObject({ name: 'Lucía', persona: 'investor', language: 'pt' });

    // Unsubscribe with the button.
    await page.click('a:has-text("Unsubscribe")');
    expect(await page.textContent('h1')).toBe('Unsubscribe from Primera Plana?');
    expect((await subscriberByEmail(t.deps.db, 'lucia@example.com')).status).toBe('active');
    await shot(page, 'unsubscribe');
    await page.click('button:has-text("Unsubscribe")');
    await expect.poll(() => page.textContent('h1')).toBe('You’re unsubscribed');
    expect(page.url()).toContain('/unsubscribe/');
    expect((await subscriberByEmail(t.deps.db, 'lucia@example.com')).status).toBe('unsubscribed');
    await shot(page, 'unsubscribed');

    // Resubscribe: a fresh confirmation.
    t.clock.advance(2000);
    await page.click('button:has-text("Subscribe again")');
    await expect.poll(() => page.textContent('h1')).toBe('Check your inbox');
    await t.drained();
    const mails = await outboxFor(outbox, 'lucia@example.com');
    expect(mails).toHaveLength(2);
    await page.goto(confirmLink(mails[1].html));
    await page.click('button:has-text("Confirm my subscription")');
    await expect.poll(() => page.textContent('h1')).toBe('You’re subscribed');
    expect((await subscriberByEmail(t.deps.db, 'lucia@example.com')).status).toBe('active');
    await shot(page, 'resubscribed');
    // The one expected failure is the deliberate 400 of the invalid address.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await page.close();
  });

  it('looks right on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    await page.goto(`${server.url}/`);
    const overflow = await page.evaluate<number>(OVERFLOW);
    expect(overflow).toBe(0);
    await shot(page, 'subscribe-mobile');
    const s = await activeSubscriber(t, 'phone@example.com');
    await page.goto(`${server.url}/preferences/${tokenFor(s, 'preferences')}`);
    expect(await page.evaluate<number>(OVERFLOW)).toBe(0);
    await shot(page, 'preferences-mobile');
    await page.close();
  });

  it('one-click unsubscribe over HTTP exactly as Gmail and Yahoo send it', async () => {
    await markSent(t.deps.db);
    const gmail = await activeSubscriber(t, 'gmail-user@example.com');
    const yahoo = await activeSubscriber(t, 'yahoo-user@example.com', { persona: 'executive' });
    await sentDelivery(t.deps.db, yahoo, 1, 500, 'prov-yahoo');
    const boundary = '----WebKitFormBoundaryOneClick7MA4YWxk';
    const requests: [string, RequestInit][] = [
      [`${server.url}/unsubscribe/${tokenFor(gmail, 'unsubscribe')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (compatible; Google-One-Click)' },
        body: 'List-Unsubscribe=One-Click',
        redirect: 'manual',
      }],
      [`${server.url}/unsubscribe/${tokenFor(yahoo, 'unsubscribe')}`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'user-agent': 'YahooMailProxy' },
        body: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
        redirect: 'manual',
      }],
    ];
    for (const [url, init] of requests) {
      const res = await fetch(url, init);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toBeNull();
      await res.text();
    }
    expect((await subscriberByEmail(t.deps.db, 'gmail-user@example.com')).status).toBe('unsubscribed');
    expect((await subscriberByEmail(t.deps.db, 'yahoo-user@example.com')).status).toBe('unsubscribed');
  });
});
