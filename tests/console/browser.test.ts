/**
 * The editors' console end to end in headless Chromium, on the real app over HTTP with the real
 * Resend and Anthropic SDKs pointed at their strict local imitations: sign in → create an edition
 * → write the TL;DRs (Claude) and one of our own → preview two personas side by side → test send
 * → send → watch the progress reach "sent" over the live stream → stats show the deliveries →
 * subscribers (CSV import with upload progress), personas, settings → sign out. axe-core runs on
 * every page (no serious or critical violation), every page fits a 375 px phone, and a
 * cross-site POST carrying the session cookie is refused (403). Screenshots: tests/artifacts/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResendMailer } from '../../src/mail/resend.js';
import { AnthropicSummarizer } from '../../src/tldr/anthropic-summarizer.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { newWebhookSecret, postSignedWebhook, startFakeResend, type FakeResend, type ResendEmailEventType } from '../fakes/resend-server.js';
import { ADMIN_TOKEN, makeTestApp, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';
import { faithful, MODEL } from '../tldr/helpers.js';
import { ARTIFACTS, launchChromium, serveApp, skipBrowserTests, watchConsole } from '../web/browser-helpers.js';
import { seriousViolations } from './axe.js';

const READERS = 2000;

describe.skipIf(skipBrowserTests('tests/console/browser.test.ts'))('the editors’ console in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let t: TestApp;
  let resend: FakeResend;
  let anthropic: FakeAnthropic;
  let server: { url: string; close(): Promise<void> };
  const secret = newWebhookSecret();
  /** Every console page visited, for the phone-width pass at the end. */
  const visited = new Set<string>();

  beforeAll(async () => {
    resend = await startFakeResend({ storeBodies: false });
    anthropic = await startFakeAnthropic({ respond: faithful });
    t = await makeTestApp({
      mailer: new ResendMailer({ apiKey: 're_test_key', baseUrl: resend.url }),
      summarizer: new AnthropicSummarizer({ apiKey: 'sk-ant-test', baseURL: anthropic.url, model: MODEL, timeoutMs: 5_000 }),
      // Five calls a second: 2,000 readers take about four seconds, long enough to watch.
      env: { MAIL_FROM: 'Primera Plana <news@example.com>' },
      config: { sendRate: 5, resendWebhookSecret: secret, mailProvider: 'resend' },
    });
    // Three languages slots against four personas: every persona reads in both languages.
    await seedSubscribers(t.deps.db, READERS, { personas: ['everyday', 'executive', 'engineer', 'investor'], languages: ['en', 'es', 'en'] });
    server = await serveApp(t);
    browser = await launchChromium();
    // An editor in India: the send form starts in their zone, whatever name the browser gives it.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Kolkata' });
    page = await context.newPage();
    errors = watchConsole(page);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await resend?.close();
    await anthropic?.close();
    t?.close();
  });

  /** axe on the page as it is now, a screenshot, and the page remembered for the phone pass. */
  async function check(name: string) {
    expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
    await page.waitForLoadState('networkidle'); // preview frames painted before the picture
    await page.screenshot({ path: `${ARTIFACTS}console-${name}.png`, fullPage: true });
    visited.add(new URL(page.url()).pathname + new URL(page.url()).search);
  }
  const go = (path: string) => page.goto(`${server.url}${path}`);
  const text = (selector: string) => page.locator(selector).innerText();

  it('signs in: a wrong token is refused, the right one opens the editions', async () => {
    await go('/admin');
    await check('sign-in');
    await page.fill('#token', 'not-the-token-0123456789');
    await page.click('button:has-text("Sign in")');
    expect(await text('[role=alert]')).toMatch(/not the admin token/);
    // Chromium logs the 401 answer itself as a console error: expected here, and only here.
    expect(errors.splice(0)).toEqual([expect.stringMatching(/status of 401/)]);
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('button:has-text("Sign in")');
    expect(new URL(page.url()).pathname).toBe('/admin/editions');
    const cookie = (await context.cookies()).find((c) => c.name === 'pp_console')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    expect(await text('table.data')).toContain('Amazon just bet $25 billion');
    await check('editions');
  });

  it('creates an edition and previews the real email, for a persona, at phone width', async () => {
    await page.click('a:has-text("New edition")');
    await page.fill('#title', 'Claude gets a bigger data centre — what it means');
    await page.fill('#dek', 'Capacity, not models, is this week’s story.');
    await page.fill('#tldr', 'Anthropic adds capacity; the models stay the same for now.');
    // The figures Claude's (imitated) TL;DRs cite are the article's, so the faithfulness guard passes them.
    await page.fill('#body', '## What happened\n\nAmazon committed another $25 billion to Anthropic, valuing it at roughly $380 billion; Anthropic promised to spend more than $100 billion on AWS over ten years.\n\n## Why it matters\n\nRevenue grew from $9 billion to over $30 billion. Amazon also backs OpenAI.\n');
    await check('new-edition');
    await page.click('button:has-text("Create draft")');
    expect(page.url()).toMatch(/\/admin\/editions\/2\?done=created$/);
    const frame = page.frameLocator('#preview-frame');
    await expect.poll(() => frame.locator('body').innerText()).toContain('Claude gets a bigger data centre');
    await page.selectOption('#as', 'investor');
    await expect.poll(() => page.getAttribute('#preview-frame', 'src')).toContain('as=investor');
    await expect.poll(() => frame.locator('body').innerText()).toMatch(/read it as/i);
    await page.check('#width-phone');
    expect(await page.evaluate<number>("document.getElementById('preview-frame').getBoundingClientRect().width")).toBe(375);
    await check('editor');
  });

  it('writes the TL;DRs with Claude, and one of our own that Claude never overwrites', async () => {
    await page.click('nav.tabs a:has-text("TL;DRs")');
    expect(await page.locator('.empty').innerText()).toMatch(/No TL;DR written yet/);
    await page.click('button:has-text("Write missing TL;DRs")');
    expect(await text('#v-engineer-en')).toMatch(/Claude[\s\S]*Written for the Engineer/);
    expect(await text('#v-investor-es')).toMatch(/Claude/);
    await page.click('a[aria-label="Edit the Executive TL;DR in Español"]');
    await page.fill('#text', 'Amazon pone 25.000 millones más en Anthropic; lo que cambia es la capacidad.');
    await page.click('button:has-text("Save TL;DR")');
    expect(await text('#v-executive-es')).toMatch(/Editor[\s\S]*25\.000 millones/);
    expect(anthropic.requests.length).toBeGreaterThan(0);
    await check('tldrs');
  });

  it('previews two personas side by side', async () => {
    await page.click('nav.tabs a:has-text("Side by side")');
    await page.uncheck('input[name=as][value=everyday]');
    await page.uncheck('input[name=as][value=executive]');
    await page.click('button:has-text("Show")');
    const frames = page.locator('.side-by-side iframe');
    await expect.poll(() => frames.count()).toBe(2);
    await expect.poll(() => page.frameLocator('.side-by-side figure:nth-child(1) iframe').locator('body').innerText()).toContain('Written for the Engineer');
    await expect.poll(() => page.frameLocator('.side-by-side figure:nth-child(2) iframe').locator('body').innerText()).toContain('Written for the Investor');
    await check('side-by-side');
  });

  it('sends a test copy', async () => {
    await page.click('nav.tabs a:has-text("Test send")');
    await page.fill('#to', 'editor@example.com');
    await page.selectOption('#as', 'executive');
    await page.click('button:has-text("Send test")');
    expect(await text('#result')).toMatch(/Sent 1 test copy/);
    const copies = resend.sentTo('editor@example.com');
    expect(copies).toHaveLength(1);
    expect(copies[0].subject).toMatch(/^\[TEST\] /);
    await check('test-send');
  });

  it('sends after the confirmation, and the progress reaches "sent" live', async () => {
    await page.getByRole('link', { name: 'Send', exact: true }).click();
    expect(await text('#audience')).toMatch(/Total\s+2,000/);
    expect(await page.inputValue('#tz')).toBe(await page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().timeZone'));
    expect(await page.inputValue('#tz')).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
    await check('send');
    await page.click('button:has-text("Send to 2,000 readers")');
    expect(new URL(page.url()).pathname).toBe('/admin/editions/2/progress');
    // The picture once the page has its own rate from the stream (or the send is already done).
    await expect
      .poll(() => page.evaluate<boolean>("!!document.querySelector('[data-final]') || document.getElementById('count-rate').textContent !== '—'"), { timeout: 40_000 })
      .toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}console-progress-sending.png`, fullPage: true });
    await page.waitForSelector('[data-final="sent"]', { timeout: 40_000 });
    expect(await text('#count-sent')).toBe('2,000');
    expect(await text('[data-stream] [data-field=status]')).toBe('sent');
    expect(await page.isVisible('a:has-text("See the stats")')).toBe(true);
    expect(resend.stats.accepted).toBe(READERS + 1);
    await check('progress');
  }, 60_000);

  it('shows the stats per persona, as the webhooks report them', async () => {
    // 400 deliveries reported; each persona opens and clicks at its own rate (out of 20 readers).
    const opens = [7, 11, 9, 12];
    const clicks = [2, 4, 5, 3];
    const total = { delivered: 0, opened: 0, clicked: 0, bounced: 0 };
    const mails = resend.emails.filter((e) => !e.subject?.startsWith('[TEST]')).slice(0, 400);
    for (const e of mails) {
      const n = Number(/reader(\d+)@/.exec(String(e.to))![1]);
      const persona = n % 4;
      const slot = Math.floor(n / 4) % 20;
      const events: ResendEmailEventType[] = slot === 19 ? ['email.bounced'] : ['email.delivered'];
      if (slot < opens[persona]) events.push('email.opened');
      if (slot < clicks[persona]) events.push('email.clicked');
      for (const type of events) {
        expect((await postSignedWebhook(`${server.url}/webhooks/resend`, secret, resend.event(type, e.id, { bounceType: 'Permanent' }))).status).toBe(200);
        total[type.slice('email.'.length) as keyof typeof total]++;
      }
    }
    await page.click('a:has-text("See the stats")');
    const table = await text('#stats-table');
    const f = (n: number) => n.toLocaleString('en-US');
    expect(table).toMatch(new RegExp(`Total\\s+2,000\\s+${f(total.delivered)}\\s+${f(total.opened)}\\s+${f(total.clicked)}\\s+${f(total.bounced)}`));
    expect(await page.locator('svg[role=img]').count()).toBe(6);
    await check('stats');
  });

  it('subscribers: filter, and a CSV import with its progress and report', async () => {
    await go('/admin/subscribers');
    expect(await text('#counts')).toMatch(/2,000 subscribers: 1,980 active, 20 bounced/);
    await check('subscribers');
    await page.selectOption('#persona', 'engineer');
    await page.click('button:has-text("Filter")');
    expect(await text('#counts')).toMatch(/500 match/);
    await page.click('a:has-text("Import CSV")');
    await page.setInputFiles('#file', { name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name,persona\nnew1@example.com,New,engineer\nbroken,Bad,engineer\n') });
    await page.click('button:has-text("Import")');
    await page.waitForSelector('#import-report');
    expect(new URL(page.url()).pathname).toBe('/admin/subscribers/import');
    expect(await text('#import-report')).toMatch(/2 rows: 1 imported, 0 unchanged \(already here\), 1 failed/);
    expect(await page.evaluate<string | null>("document.activeElement && document.activeElement.id")).toBe('import-report');
    await check('import');
  });

  it('personas and settings', async () => {
    await go('/admin/personas');
    expect(await text('#persona-engineer')).toMatch(/501 readers/);
    await check('personas');
    await page.click('#persona-investor a:has-text("Edit")');
    await check('persona-edit');
    await go('/admin/settings');
    expect(await text('#setting-resend')).toMatch(/Set/);
    expect(await text('#setting-postal')).toMatch(/Set/);
    await check('settings');
  });

  it('works from the keyboard: the skip link, then the navigation, with a visible focus', async () => {
    await go('/admin/editions');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to content');
    expect(await page.evaluate<number>('document.activeElement.getBoundingClientRect().left')).toBeGreaterThanOrEqual(0);
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'Subscribers'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>('document.activeElement.textContent');
    }
    expect(focused).toBe('Subscribers');
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/admin/subscribers`);
  });

  it('every page fits a 375 px phone', async () => {
    expect(visited.size).toBeGreaterThanOrEqual(13); // every page the walk above went through
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 812 });
    for (const path of visited) {
      if (path === '/admin') continue; // signed in, it moves on to the editions
      await phone.goto(`${server.url}${path}`);
      const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, path).toBe(0);
    }
    await phone.goto(`${server.url}/admin/editions/2/progress`);
    await phone.screenshot({ path: `${ARTIFACTS}console-progress-phone.png`, fullPage: true });
    await phone.close();
  });

  it('a cross-site POST with the session cookie is refused (403), and sign-out ends the session', async () => {
    // From another site's page: the browser itself posts a form to the console.
    const evil = await context.newPage();
    await evil.route('http://evil.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<form method="post" action="${server.url}/admin/editions"><input name="title" value="Forged"></form>` }),
    );
    await evil.goto('http://evil.example/');
    const [answer] = await Promise.all([evil.waitForResponse(`${server.url}/admin/editions`), evil.evaluate('document.forms[0].submit()')]);
    expect(answer.status()).toBe(403);
    // With the cookie sent for sure (an API request context shares the browser's cookies).
    const forged = await context.request.post(`${server.url}/admin/editions`, { headers: { origin: 'http://evil.example' }, form: { title: 'Forged', number: '60' } });
    expect(forged.status()).toBe(403);
    expect(((await (await t.admin('/editions')).json()) as { data: unknown[] }).data).toHaveLength(2);
    await evil.close();

    await page.click('button:has-text("Sign out")');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect((await context.cookies()).some((c) => c.name === 'pp_console')).toBe(false);
    await go('/admin/editions');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(errors).toEqual([]);
  });
});
