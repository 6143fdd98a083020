/**
 * The web version of a translated edition: `/editions/:slug?lang=es` (or a Spanish browser) shows
 * the Spanish title, dek and body with `lang="es"` and the line saying who translated it, linking
 * to the original; the original's language shows the original. A flagged translation is never
 * shown; an edition that did not ask for translations stays as written. The admin preview shows
 * exactly what a Spanish reader gets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leaks, readable } from '../i18n/leaks.js';
import { markSent } from '../reader/helpers.js';
import { addReaders, askForTranslation, SEED_EDITION_ID, translationHarness, translationsPath, type TranslationHarness } from './helpers.js';

const SLUG = '58-amazon-just-bet-25-billion-on-anthropic-heres-what-actually';
const PAGE = `/editions/${SLUG}`;

let h: TranslationHarness;
beforeEach(async () => {
  h = await translationHarness();
  await addReaders(h.t, [['engineer', 'es'], ['investor', 'fr']]);
});
afterEach(async () => {
  await h.close();
});

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await h.t.app.request(path, { headers });
  expect(res.status).toBe(200);
  return res.text();
};
const translate = async () => expect((await h.t.admin(translationsPath(), { method: 'POST' })).status).toBe(200);

describe('the web version of a translated edition', () => {
  it('shows the Spanish article, marked lang="es", with who translated it and a link to the original', async () => {
    await translate();
    await markSent(h.t.deps.db);
    const html = await page(`${PAGE}?lang=es`);
    expect(html).toMatch(/<title>[^<]*25\.000 millones de dólares/);
    expect(html).toMatch(/<h1 lang="es">[^<]*25\.000 millones de dólares/);
    expect(html).toMatch(/<div class="body" lang="es">[\s\S]*380\.000 millones de dólares/);
    expect(html).not.toContain('$380 billion');
    expect(html).toMatch(/Traducido del inglés por Claude · <a href="\/editions\/58-[a-z0-9-]+\?lang=en"[^>]*>Leer el original<\/a>/);
    expect(leaks(readable(html.replace(/<div class="body"[\s\S]*?<\/div>/, '')), 'es')).toEqual([]);
    // A Spanish browser gets the same, without asking.
    expect(await page(PAGE, { 'accept-language': 'es-ES,es;q=0.9' })).toContain('Traducido del inglés por Claude');
  });

  it('shows the original in the edition’s language, and in a language without a translation says so', async () => {
    await translate();
    await markSent(h.t.deps.db);
    const en = await page(`${PAGE}?lang=en`);
    expect(en).toMatch(/<div class="body" lang="en">[\s\S]*\$380 billion/);
    expect(en).not.toMatch(/Translated from|Traducido/);
    const de = await page(`${PAGE}?lang=de`); // nobody reads German: never translated
    expect(de).toMatch(/<div class="body" lang="en">[\s\S]*\$380 billion/);
    expect(readable(de)).toContain("A translation into German wasn't available: this is the original, in English.");
    const fr = await page(`${PAGE}?lang=fr`); // English chrome (no French catalog), French article
    expect(fr).toMatch(/<h1 lang="fr">[^<]*25 milliards de dollars/);
    expect(fr).toContain('Translated from English by Claude');
  });

  it('never shows a flagged translation, and shows none for an edition that did not ask', async () => {
    h.translateWith((t, ask) => (ask.to === 'es' ? { ...t, body: t.body.replace('380.000 millones', '480.000 millones') } : t));
    await translate();
    await markSent(h.t.deps.db);
    const es = await page(`${PAGE}?lang=es`);
    expect(es).not.toContain('480.000 millones');
    expect(es).toMatch(/<h1 lang="en">Amazon just bet \$25 billion/);
    expect(es).toContain('No había una traducción al español: este es el original, en inglés.');
    await askForTranslation(h.t, false);
    const off = await page(`${PAGE}?lang=fr`);
    expect(off).toMatch(/<h1 lang="en">/);
    expect(readable(off)).not.toMatch(/Translated from|A translation into/);
  });

  it('labels the editor’s own translation as theirs', async () => {
    const put = await h.t.admin(translationsPath('/es'), { method: 'PUT', json: { title: 'Amazon apuesta por Anthropic', dek: 'Una entradilla.', body: 'El cuerpo del editor.' } });
    expect(put.status).toBe(200);
    await markSent(h.t.deps.db);
    const html = await page(`${PAGE}?lang=es`);
    expect(html).toContain('<h1 lang="es">Amazon apuesta por Anthropic</h1>');
    expect(html).toContain('Traducido del inglés por el editor');
    expect(html).not.toContain('por Claude ·');
  });
});

describe('the admin preview', () => {
  it('is the exact email a Spanish reader gets: translated subject, body and line', async () => {
    await askForTranslation(h.t);
    await translate();
    const res = await h.t.admin(`/editions/${SEED_EDITION_ID}/preview?as=engineer&lang=es&format=json`);
    const email = (await res.json()) as { subject: string; html: string; text: string };
    expect(email.subject).toContain('25.000 millones de dólares');
    expect(email.html).toMatch(/<div lang="es">/);
    expect(email.text).toContain('Traducido del inglés por Claude');
  });
});
