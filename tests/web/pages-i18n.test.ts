/**
 * The archive and the web version in the reader's language: `?lang=` (what a link carries), then
 * a signed reader's own language, then `Accept-Language`; a visible switch; share cards
 * (`og:`/`twitter:`), a subscribe box, an honest TL;DR label, and a "Next article" only when it
 * leads somewhere.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editions, tldrVariants } from '../../src/db/schema.js';
import type { TestApp } from '../helpers/app.js';
import { leaks, readable } from '../i18n/leaks.js';
import { activeSubscriber, appWithSentEdition, markSent, tokenFor } from '../reader/helpers.js';

let t: TestApp;
let slug: string;
beforeEach(async () => {
  ({ t, slug } = await appWithSentEdition());
});
afterEach(() => t.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await t.app.request(path, { headers });
  return { res, html: await res.text() };
};

describe('the language of a page', () => {
  it('follows Accept-Language on the archive, says it varies by it, and offers a visible switch', async () => {
    const { res, html } = await get('/editions', { 'accept-language': 'es-AR,es;q=0.9,en;q=0.5' });
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Todas las ediciones');
    expect(html).toContain('21 de abril de 2026');
    expect(html).toContain('1 edición');
    expect(res.headers.get('vary')).toMatch(/accept-language/i);
    expect(leaks(readable(html), 'es')).toEqual([]);
    // The switch: each language in its own words, a link to this page in it.
    expect(html).toMatch(/<a href="\/editions\?lang=en" hreflang="en" lang="en"[^>]*>English<\/a>/);
    expect(html).toMatch(/aria-current="true"[^>]*>Español</);
    const en = await get('/editions?lang=en', { 'accept-language': 'es' });
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('1 edition');
    expect(leaks(readable(en.html), 'en')).toEqual([]);
  });

  it('gives the archive in English when no catalog fits', async () => {
    const { html } = await get('/editions', { 'accept-language': 'de-DE,fr;q=0.8' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Every edition');
  });

  it('shows the web version in ?lang, with that language’s TL;DR and the article marked in its own', async () => {
    await t.deps.db.insert(tldrVariants).values({ editionId: 1, persona: 'engineer', language: 'es', source: 'claude', text: 'Resumen para ingenieros.', why: 'Porque sí.' });
    const { html } = await get(`/editions/${slug}?as=engineer&lang=es`);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Resumen para ingenieros.');
    expect(html).toContain('TL;DR para el perfil Engineer');
    expect(html).toContain('✦ Resumido con Claude al publicar');
    expect(html).toMatch(/<h1 lang="en">Amazon just bet/);
    expect(html).toContain('21 de abril de 2026');
    expect(leaks(readable(html), 'es')).toEqual([]);
  });

  it('a signed link without ?lang speaks its reader’s language', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language: 'es' });
    const { html } = await get(`/editions/${slug}?as=engineer&t=${tokenFor(s, 'persona')}`, { 'accept-language': 'en' });
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Usar «Engineer» por defecto');
  });

  it('a language with no catalog gets the English chrome and that language’s TL;DR', async () => {
    await t.deps.db.insert(tldrVariants).values({ editionId: 1, persona: 'everyday', language: 'fr', source: 'claude', text: 'Le résumé.', why: null });
    const { html } = await get(`/editions/${slug}?lang=fr`);
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/lang="fr"[^>]*>Le résumé\.</);
  });

  it('answers the not-found page in the reader’s language', async () => {
    const res = await t.app.request('/editions/nope', { headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Edición no encontrada');
  });
});

describe('the TL;DR label on the web', () => {
  it('names the persona only when the TL;DR was written for it', async () => {
    await t.deps.db.insert(tldrVariants).values({ editionId: 1, persona: 'engineer', language: 'en', source: 'editor', text: 'For builders.', why: null });
    const eng = (await get(`/editions/${slug}?as=engineer`)).html;
    expect(eng).toContain('TL;DR for the Engineer');
    expect(eng).toContain('✦ Summary by the editor');
    const inv = (await get(`/editions/${slug}?as=investor`)).html;
    expect(inv).toContain('TL;DR for every reader');
    expect(inv).not.toContain('Investor</h2>');
    expect(inv).toContain('a summary for your profile wasn');
  });
});

describe('sharing and subscribing from the web version', () => {
  it('has og: and twitter: cards with the title, the dek and the illustration, absolute', async () => {
    const { html } = await get(`/editions/${slug}`);
    const meta = (attr: string, name: string) => new RegExp(`<meta ${attr}="${name}" content="([^"]*)"`).exec(html)?.[1];
    expect(meta('property', 'og:title')).toBe('Amazon just bet $25 billion on Anthropic — here&#39;s what actually changes');
    expect(meta('property', 'og:description')).toMatch(/^The biggest investment in Anthropic/);
    expect(meta('property', 'og:image')).toBe('https://news.example.com/assets/editions/0058.png');
    expect(meta('property', 'og:image:alt')).toMatch(/^Editorial illustration/);
    expect(meta('property', 'og:url')).toBe(`https://news.example.com/editions/${slug}`);
    expect(meta('property', 'og:type')).toBe('article');
    expect(meta('property', 'og:site_name')).toBe('Primera Plana');
    expect(meta('name', 'twitter:card')).toBe('summary_large_image');
    expect(meta('name', 'twitter:title')).toBe(meta('property', 'og:title'));
    expect(meta('name', 'twitter:image')).toBe('https://news.example.com/assets/editions/0058.png');
  });

  it('ends the article with share links and a subscribe box that posts to /api/subscribe in the page’s language', async () => {
    const { html } = await get(`/editions/${slug}?lang=es`);
    const box = html.slice(html.indexOf('<aside class="subscribe"'));
    expect(box).toMatch(/<form method="post" action="\/api\/subscribe\?lang=es"/);
    expect(box).toMatch(/<input[^>]+type="email"[^>]+name="email"[^>]+required/);
    expect(box).toContain('<input type="hidden" name="language" value="es"/>');
    expect(box).toContain('Suscribirme');
    expect(html).toContain(`https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(`https://news.example.com/editions/${slug}`)}`);
    expect(html.indexOf('class="share"')).toBeLessThan(html.indexOf('<aside class="subscribe"'));
  });
});

describe('the seed edition', () => {
  it('shows the editor’s reading time and no "Next article" while the next edition is not out', async () => {
    const { html } = await get(`/editions/${slug}`);
    expect(html).toContain('✦ Reading: 9 min');
    expect(html).not.toContain('Next article');
  });

  it('links the next article once it is published', async () => {
    const res = await t.admin('/editions', {
      method: 'POST',
      headers: { 'content-type': 'text/markdown' },
      body: '---\nnumber: 59\nslug: 59-gpt-5-5-just-shipped\ntitle: GPT-5.5 just shipped\ndate: 2026-04-28\n---\nBody.\n',
    });
    const { id } = (await res.json()) as { id: number };
    await markSent(t.deps.db, id, '2026-04-28T09:00:00.000Z');
    const { html } = await get(`/editions/${slug}`);
    expect(html).toContain('Next article');
    expect(html).toContain('href="/editions/59-gpt-5-5-just-shipped"');
  });
});

describe('the archive', () => {
  it('does not list an unsent edition, in any language', async () => {
    await t.deps.db.update(editions).set({ status: 'draft' }).where(eq(editions.id, 1));
    const { html } = await get('/editions', { 'accept-language': 'es' });
    expect(html).toContain('Todavía no se ha publicado ninguna edición.');
  });
});
