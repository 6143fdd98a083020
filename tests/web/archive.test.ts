import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editions, tldrVariants } from '../../src/db/schema.js';
import { assetPath, publicDir } from '../../src/web/assets.js';
const PUBLIC_DIR = publicDir();
import { rfc822, xmlEscape } from '../../src/web/feed.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { activeSubscriber, markSent, sentDelivery, tokenFor } from '../reader/helpers.js';

let t: TestApp;
let slug: string;
beforeEach(async () => {
  t = await makeTestApp();
  slug = (await t.deps.db.select().from(editions).get())!.slug;
});
afterEach(() => t.close());

const markdown = (n: number, title: string, extra = '') =>
  `---\nnumber: ${n}\ntitle: '${title}'\ndek: "Dek of ${n} & <friends>"\ndate: 2026-05-0${n % 9}\nsection: The AI Landscape\n${extra}---\nBody of ${n}.\n`;

async function addEdition(n: number, title: string, status: 'draft' | 'scheduled' | 'sending' | 'sent') {
  const res = await t.admin('/editions', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: markdown(n, title) });
  const e = (await res.json()) as { id: number; slug: string };
  await t.deps.db.update(editions).set({ status, sentAt: status === 'sent' ? `2026-05-0${n % 9}T08:00:00.000Z` : null }).where(eq(editions.id, e.id));
  return e;
}

async function variant(persona: string, text: string, source: 'claude' | 'editor' = 'claude', language = 'en') {
  await t.deps.db.insert(tldrVariants).values({ editionId: 1, persona, language, text, why: `Why it matters to the ${persona}.`, source });
}

describe('GET /editions', () => {
  it('lists only sent editions, newest first', async () => {
    await markSent(t.deps.db);
    await addEdition(59, 'Fifty-nine is a draft', 'draft');
    await addEdition(60, 'Sixty is scheduled', 'scheduled');
    await addEdition(61, 'Sixty-one is sending', 'sending');
    await addEdition(62, 'Sixty-two went out', 'sent');
    const res = await t.app.request('/editions');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sixty-two went out');
    expect(html).toContain('Amazon just bet $25 billion');
    expect(html.indexOf('Sixty-two')).toBeLessThan(html.indexOf('Amazon just bet'));
    for (const hidden of ['Fifty-nine', 'Sixty is', 'Sixty-one']) expect(html).not.toContain(hidden);
    expect(html).toContain('Dek of 62 &amp; &lt;friends&gt;');
  });

  it('says so when nothing is published', async () => {
    expect(await (await t.app.request('/editions')).text()).toContain('No editions have been published yet');
  });
});

describe('GET /editions/:slug', () => {
  it('is 404 for drafts and unknown slugs', async () => {
    expect((await t.app.request(`/editions/${slug}`)).status).toBe(404);
    expect((await t.app.request('/editions/nope')).status).toBe(404);
    const draft = await addEdition(59, 'Draft', 'draft');
    expect((await t.app.request(`/editions/${draft.slug}`)).status).toBe(404);
  });

  it('is readable while its send is under way once someone has received it, yet not listed until sent', async () => {
    const e = await addEdition(60, 'Going out now', 'sending');
    expect((await t.app.request(`/editions/${e.slug}`)).status).toBe(404);
    const s = await activeSubscriber(t, 'early@example.com');
    await sentDelivery(t.deps.db, s, e.id, 0, 'prov-early');
    expect((await t.app.request(`/editions/${e.slug}`)).status).toBe(200);
    expect(await (await t.app.request('/editions')).text()).not.toContain('Going out now');
    expect(await (await t.app.request('/feed.xml')).text()).not.toContain('Going out now');
  });

  it('shows the web version with the persona’s TL;DR and the switcher', async () => {
    await markSent(t.deps.db);
    await variant('engineer', 'Engineer TL;DR: 5 GW of Trainium capacity.');
    await variant('investor', 'Investor TL;DR: $380B valuation.', 'editor');
    await variant('engineer', 'TL;DR en español.', 'claude', 'es');
    const eng = await (await t.app.request(`/editions/${slug}?as=engineer`)).text();
    expect(eng).toContain('<html lang="en">');
    expect(eng).toContain('Engineer TL;DR: 5 GW of Trainium capacity.');
    expect(eng).toContain('Why it matters to the engineer.');
    expect(eng).toContain('Summarized with Claude at publish time');
    expect(eng).not.toContain('TL;DR en español');
    expect(eng).toContain('src="/assets/editions/0058.png"');
    expect(eng).toContain('Editorial illustration · AI-generated for edition #0058');
    expect(eng).toMatch(/Reading: \d+ min/);
    expect(eng).toContain('<h2 class="pp-i" style=');
    expect(eng).toContain('What the deal actually says');
    expect(eng).toMatch(/<a href="\/editions\/[^"?]+\?as=engineer" aria-current="page">Engineer<\/a>/);
    for (const p of ['everyday', 'executive', 'investor']) expect(eng).toContain(`?as=${p}"`);
    // No token: no "make this my default" button.
    expect(eng).not.toContain('/persona/');

    const inv = await (await t.app.request(`/editions/${slug}?as=investor`)).text();
    expect(inv).toContain('Investor TL;DR: $380B valuation.');
    expect(inv).not.toContain('Summarized with Claude');
    // No variant: the editor's TL;DR, not labelled as Claude's.
    const exec = await (await t.app.request(`/editions/${slug}?as=executive`)).text();
    expect(exec).toContain('Amazon committed an additional $25 billion');
    expect(exec).not.toContain('Summarized with Claude');
    // Unknown persona: the default one.
    const unknown = await (await t.app.request(`/editions/${slug}?as=%3Cscript%3E`)).text();
    expect(unknown).toMatch(/\?as=everyday" aria-current="page"/);
    expect(unknown).not.toContain('<script>');
  });

  it('offers a signed reader the button that makes the persona their default', async () => {
    await markSent(t.deps.db);
    const s = await activeSubscriber(t, 'r@example.com', { persona: 'everyday' });
    const token = tokenFor(s, 'persona');
    const html = await (await t.app.request(`/editions/${slug}?as=engineer&t=${token}`)).text();
    expect(html).toContain(`<form method="post" action="/persona/${token}"`);
    expect(html).toContain('Make “Engineer” my default');
    // The signed reader's own language is kept in the page's links.
    expect(html).toContain(`?as=investor&amp;lang=en&amp;t=${token}"`);
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"/>');
    const own = await (await t.app.request(`/editions/${slug}?as=everyday&t=${token}`)).text();
    expect(own).toContain('This is your default');
    // Forged, wrong-purpose and revoked tokens just show the page without the button.
    for (const bad of ['forged.token', tokenFor(s, 'unsubscribe'), tokenFor({ ...s, tokenVersion: 9 }, 'persona')]) {
      const res = await t.app.request(`/editions/${slug}?as=engineer&t=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toContain('/persona/');
    }
  });

  it('escapes edition text', async () => {
    await markSent(t.deps.db);
    await t.deps.db.update(editions).set({ title: '<script>alert(1)</script>', body: 'Hi <img src=x onerror=alert(1)>' }).where(eq(editions.id, 1));
    const html = await (await t.app.request(`/editions/${slug}`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('GET /feed.xml', () => {
  it('is RSS 2.0 of the sent editions', async () => {
    await markSent(t.deps.db);
    await addEdition(59, 'Draft & hidden', 'draft');
    await addEdition(62, 'Sixty-two: "quotes" & <angles>', 'sent');
    const res = await t.app.request('/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"')).toBe(true);
    const items = xml.match(/<item>[\s\S]*?<\/item>/g)!;
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('<title>Sixty-two: &quot;quotes&quot; &amp; &lt;angles&gt;</title>');
    expect(items[1]).toContain(`<link>https://news.example.com/editions/${slug}</link>`);
    expect(items[1]).toContain(`<guid isPermaLink="true">https://news.example.com/editions/${slug}</guid>`);
    expect(items[1]).toContain('<pubDate>Tue, 21 Apr 2026 09:00:00 GMT</pubDate>');
    expect(items[1]).toMatch(/<description>The biggest investment in Anthropic&apos;s history/);
    expect(xml).not.toContain('Draft &amp; hidden');
    // Structure: every element closes, one channel with title/link/description.
    const tags = [...xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-z:]+)[^>]*?(\/?)>/gi)];
    const stack: string[] = [];
    for (const [, close, name, self] of tags) {
      if (self) continue;
      if (close) expect(stack.pop()).toBe(name);
      else stack.push(name);
    }
    expect(stack).toEqual([]);
    expect(xml).toMatch(/<channel>\s*<title>Primera Plana<\/title>\s*<link>https:\/\/news\.example\.com\/editions<\/link>\s*<description>/);
  });

  it('helpers: RFC 822 dates, XML escaping drops invalid characters', () => {
    expect(rfc822('2026-04-21')).toBe('Tue, 21 Apr 2026 00:00:00 GMT');
    expect(xmlEscape('a\u0001b & <c> "d" \'e\'')).toBe('ab &amp; &lt;c&gt; &quot;d&quot; &apos;e&apos;');
  });
});

describe('GET /assets/*', () => {
  it('serves the seed illustration as a 1200×630 PNG under 150 KB', async () => {
    const res = await t.app.request('/assets/editions/0058.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('max-age');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect(png.length).toBeLessThan(150 * 1024);
    const etag = res.headers.get('etag')!;
    expect((await t.app.request('/assets/editions/0058.png', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('refuses traversal, dot-files, unknown types and missing files', async () => {
    for (const p of ['/assets/../package.json', '/assets/%2e%2e/package.json', '/assets/editions/%2e%2e%2f%2e%2e%2fpackage.json', '/assets/.env', '/assets/editions/nope.png', '/assets/editions/0058.exe']) {
      expect((await t.app.request(p)).status, p).toBe(404);
    }
    expect(assetPath(PUBLIC_DIR, '..%2f..%2fetc%2fpasswd.png')).toBeNull();
    expect(assetPath(PUBLIC_DIR, 'editions\\..\\x.png')).toBeNull();
    expect(assetPath(PUBLIC_DIR, 'editions/0058.png')).toBe(`${PUBLIC_DIR}/editions/0058.png`);
  });
});
