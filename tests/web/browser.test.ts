/**
 * The public web in headless Chromium: the archive, the web version with its "Read it as…"
 * switcher and the signed "make this my default" button, the illustration, and the feed parsed
 * by the browser's own XML parser. Screenshots land in tests/artifacts/.
 */
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editions, tldrVariants } from '../../src/db/schema.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { activeSubscriber, markSent, subscriberByEmail, tokenFor } from '../reader/helpers.js';
import { ARTIFACTS, launchChromium, serveApp, skipBrowserTests, watchConsole } from './browser-helpers.js';

interface FeedView {
  type: string | null;
  parseError: string | null;
  root: string;
  version: string | null;
  channel: Record<string, string | null>;
  items: Record<string, string | null>[];
}

describe.skipIf(skipBrowserTests('tests/web/browser.test.ts'))('the web archive in Chromium', () => {
  let browser: Browser;
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let slug: string;

  beforeAll(async () => {
    t = await makeTestApp();
    await markSent(t.deps.db);
    slug = (await t.deps.db.select().from(editions).where(eq(editions.id, 1)).get())!.slug;
    await t.deps.db.insert(tldrVariants).values([
      {
        editionId: 1, persona: 'engineer', language: 'en', source: 'claude',
        text: 'Anthropic gets guaranteed compute — up to 5 gigawatts on AWS, with priority access to Trainium — in exchange for spending more than $100 billion there over ten years. Nothing about the model changes this week; what changes is capacity and a deeper single-cloud dependency.',
        why: 'Capacity for the next model is secured; so is the lock-in.',
      },
      {
        editionId: 1, persona: 'everyday', language: 'es', source: 'claude',
        text: 'Amazon invierte hasta 25.000 millones de dólares más en Anthropic, y Anthropic se compromete a gastar más de 100.000 millones en AWS durante diez años. Claude no mejora mañana, pero tiene asegurada la infraestructura para seguir creciendo. Amazon también invirtió en OpenAI: no eligió ganador, apostó por los dos.',
        why: 'La capacidad de cómputo que necesita Claude ya está pagada.',
      },
      {
        editionId: 1, persona: 'investor', language: 'en', source: 'claude',
        text: 'Amazon adds up to $25 billion ($5 billion now) at a roughly $380 billion valuation, while Anthropic commits more than $100 billion to AWS. Self-reported run-rate revenue went from about $9 billion to more than $30 billion.',
        why: 'The platform wins either way: Amazon also backs OpenAI.',
      },
    ]);
    server = await serveApp(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}web-${name}.png`, fullPage: true });

  it('archive → web version → switch persona', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    const errors = watchConsole(page);
    await page.goto(`${server.url}/`);
    expect(await page.textContent('#latest + ul')).toContain('Amazon just bet $25 billion');
    await shot(page, 'home');
    await page.goto(`${server.url}/editions`);
    expect(await page.textContent('h1')).toBe('Every edition');
    await shot(page, 'archive');
    await page.click('.list h2 a');
    expect(page.url()).toBe(`${server.url}/editions/${slug}`);
    // No everyday variant in English: the editor's TL;DR, and the label says it is everyone's.
    expect(await page.textContent('.tldr h2')).toBe('TL;DR for every reader');
    const img = await page.evaluate<number[]>("(() => { const i = document.querySelector('figure img'); return [i.naturalWidth, i.naturalHeight]; })()");
    expect(img).toEqual([1200, 630]);
    await shot(page, 'edition');
    await page.click('.switcher a:has-text("Engineer")');
    expect(page.url()).toContain('?as=engineer');
    expect(await page.textContent('.tldr')).toContain('5 gigawatts');
    expect(await page.textContent('.tldr')).toContain('Summarized with Claude at publish time');
    expect(await page.getAttribute('.switcher a[aria-current=page]', 'href')).toContain('as=engineer');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('a signed "Read it as…" link makes the persona the reader’s default', async () => {
    const s = await activeSubscriber(t, 'reader@example.com');
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    const errors = watchConsole(page);
    await page.goto(`${server.url}/editions/${slug}?as=investor&t=${tokenFor(s, 'persona')}`);
    expect(await page.textContent('.tldr')).toContain('$380 billion valuation');
    await shot(page, 'edition-signed');
    await page.locator('.tldr').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}web-edition-signed-tldr.png` });
    await page.click('button:has-text("Make “Investor” my default")');
    await expect.poll(() => page.textContent('h1')).toBe('You’ll read it as: Investor');
    expect((await subscriberByEmail(t.deps.db, 'reader@example.com')).persona).toBe('investor');
    await shot(page, 'persona-saved');
    await page.click('text=Back to the edition');
    expect(await page.textContent('.switcher')).toContain('This is your default');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('speaks Spanish to a Spanish browser: archive, web version, and a visible switch back', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 }, locale: 'es-ES' });
    const errors = watchConsole(page);
    await page.goto(`${server.url}/editions`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.textContent('h1')).toBe('Todas las ediciones');
    expect(await page.textContent('.list')).toContain('21 de abril de 2026');
    await shot(page, 'es-archive');
    await page.click('.list h2 a');
    expect(await page.textContent('.tldr h2')).toBe('TL;DR para el perfil Everyday reader');
    expect(await page.textContent('.tldr')).toContain('Amazon invierte hasta 25.000 millones');
    expect(await page.getAttribute('h1', 'lang')).toBe('en');
    expect(await page.isVisible('.langs a:has-text("English")')).toBe(true);
    await shot(page, 'es-edition');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'es-edition-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.click('.langs a:has-text("English")');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('.tldr h2')).toBe('TL;DR for every reader');
    await page.close();
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'es-ES' });
    await phone.goto(`${server.url}/editions/${slug}`);
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await phone.screenshot({ path: `${ARTIFACTS}web-es-edition-mobile.png` });
    await phone.close();
    expect(errors).toEqual([]);
  });

  it('reads well on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });
    await page.goto(`${server.url}/editions/${slug}?as=engineer`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}web-edition-mobile.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${ARTIFACTS}web-edition-mobile-dark.png` });
    await page.close();
  });

  it('the feed is RSS 2.0 to the browser’s XML parser', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/editions`);
    // Evaluated as a string: this file is compiled without DOM types.
    const feed = await page.evaluate<FeedView>(`(async () => {
      const res = await fetch('/feed.xml');
      const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
      const text = (el, sel) => el?.querySelector(sel)?.textContent ?? null;
      const channel = doc.querySelector('rss > channel');
      return {
        type: res.headers.get('content-type'),
        parseError: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.nodeName,
        version: doc.documentElement.getAttribute('version'),
        channel: { title: text(channel, ':scope > title'), link: text(channel, ':scope > link'), description: text(channel, ':scope > description') },
        items: [...doc.querySelectorAll('channel > item')].map((i) => ({
          title: text(i, 'title'),
          link: text(i, 'link'),
          guid: text(i, 'guid'),
          permalink: i.querySelector('guid')?.getAttribute('isPermaLink'),
          pubDate: text(i, 'pubDate'),
          description: text(i, 'description'),
        })),
      };
    })()`);
    expect(feed.parseError).toBeNull();
    expect(feed).toMatchObject({ type: 'application/rss+xml; charset=utf-8', root: 'rss', version: '2.0' });
    expect(feed.channel).toEqual({ title: 'Primera Plana', link: `${server.url}/editions`, description: expect.any(String) });
    expect(feed.items).toEqual([
      {
        title: "Amazon just bet $25 billion on Anthropic — here's what actually changes",
        link: `${server.url}/editions/${slug}`,
        guid: `${server.url}/editions/${slug}`,
        permalink: 'true',
        pubDate: 'Tue, 21 Apr 2026 09:00:00 GMT',
        description: expect.stringContaining("The biggest investment in Anthropic's history"),
      },
    ]);
    await page.close();
  });
});
