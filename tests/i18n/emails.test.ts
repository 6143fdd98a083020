/**
 * Every word around the article in the reader's language: for each chrome language, the edition
 * email (HTML and text, every TL;DR source), the confirmation, the "already subscribed" note and
 * the test copy hold no fragment of another language's catalog; only the article and names are
 * left as written. The document's `lang` is the chrome's, and the parts in another language
 * carry their own.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGS, CHROME_LANGUAGES, type ChromeLanguage } from '../../emails/i18n/index.js';
import { renderAlreadySubscribedEmail, renderConfirmEmail } from '../../src/render/index.js';
import { compileVariant, personalise } from '../../src/render/compile.js';
import type { VariantInput } from '../../src/render/types.js';
import { makeTestApp, RecordingMailer } from '../helpers/app.js';
import { reader, seedRow } from '../render/fixtures.js';
import { leaks, readable } from './leaks.js';

/** An edition whose article is in no chrome language, so anything English or Spanish is chrome. */
const NEUTRAL_ARTICLE = {
  title: 'Lorem ipsum dolor sit amet',
  dek: 'Consectetur adipiscing elit, sed do eiusmod tempor',
  section: 'Sectio Prima',
  author: 'Zed Quux',
  body: '## Caput primum\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n\nUt enim ad minim veniam, quis nostrud exercitation.',
  tldr: 'Lorem ipsum in brevi.',
  illustration: { src: 'https://cdn.example.com/imago.png', alt: 'Imago', caption: 'Imago prima' },
  next: { title: 'Proxima editio', url: 'https://elsewhere.example.org/proxima' },
  readingTime: null,
};

const POSTAL = 'Primera Plana · 1 Via Appia, Roma';
const personas = [
  { slug: 'alpha', label: 'Alpha' },
  { slug: 'beta', label: 'Beta' },
];

function neutralVariant(language: string, source: 'claude' | 'editor' | 'fallback'): VariantInput {
  return {
    edition: { ...seedRow, ...NEUTRAL_ARTICLE },
    publication: 'Primera Plana',
    baseUrl: 'https://news.example.com',
    postalAddress: POSTAL,
    persona: personas[1],
    personas,
    tldr: { text: 'Lorem ipsum in brevi.', why: 'Quia lorem.', source, language },
    language,
  };
}

const neutralReader = () => ({
  ...reader('tok'),
  name: 'Ana García',
  readAsUrls: { alpha: 'https://news.example.com/editions/x?as=alpha&t=tok', beta: 'https://news.example.com/editions/x?as=beta&t=tok' },
});

const expectNoLeaks = (text: string, language: ChromeLanguage, what: string) => expect(leaks(text, language), what).toEqual([]);

describe.each(CHROME_LANGUAGES)('in %s', (language) => {
  const t = CATALOGS[language];

  it.each(['claude', 'editor', 'fallback'] as const)('the edition email (a %s TL;DR) speaks only this language', async (source) => {
    const email = personalise(await compileVariant(neutralVariant(language, source)), neutralReader());
    expectNoLeaks(readable(email.html), language, 'html');
    expectNoLeaks(email.text, language, 'text');
    expect(email.html).toContain(`lang="${language}"`);
    expect(email.text).toContain(t.edition.viewInBrowser);
    expect(email.text).toContain(t.footer.unsubscribe);
    expect(email.text).toContain(t.article.credit[source]);
  });

  it('the confirmation and the "already subscribed" note speak only this language', async () => {
    const confirm = await renderConfirmEmail({ publication: 'Primera Plana', confirmUrl: 'https://news.example.com/confirm/x', postalAddress: POSTAL, language });
    const note = await renderAlreadySubscribedEmail({ publication: 'Primera Plana', preferencesUrl: 'https://news.example.com/preferences/x', postalAddress: POSTAL, language });
    for (const [name, mail] of [['confirm', confirm], ['already subscribed', note]] as const) {
      expectNoLeaks(`${mail.subject}\n${readable(mail.html)}`, language, `${name} html`);
      expectNoLeaks(mail.text, language, `${name} text`);
      expect(mail.html, name).toMatch(new RegExp(`<html[^>]* lang="${language}"`));
    }
    expect(confirm.subject).toBe(t.confirm.title('Primera Plana'));
    expect(confirm.text).toContain(t.confirm.button);
    expect(note.subject).toBe(t.alreadySubscribed.title('Primera Plana'));
  });

  it('the test copy speaks only the language it was asked in', async () => {
    const app = await makeTestApp({ config: { postalAddress: POSTAL } });
    try {
      const markdown = [
        '---',
        'number: 7',
        `title: ${NEUTRAL_ARTICLE.title}`,
        `dek: ${NEUTRAL_ARTICLE.dek}`,
        `section: ${NEUTRAL_ARTICLE.section}`,
        `author: ${NEUTRAL_ARTICLE.author}`,
        'date: 2026-04-21',
        `tldr: ${NEUTRAL_ARTICLE.tldr}`,
        '---',
        NEUTRAL_ARTICLE.body,
      ].join('\n');
      const created = await app.admin('/editions', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: markdown });
      const { id } = (await created.json()) as { id: number };
      const res = await app.admin(`/editions/${id}/test`, { method: 'POST', json: { to: ['editor@example.com'], lang: language } });
      expect(res.status).toBe(200);
      await app.drained();
      const [mail] = (app.mailer as RecordingMailer).sent;
      // Persona labels are names: the personas' own, whatever the language.
      expectNoLeaks(readable(mail.html), language, 'html');
      expectNoLeaks(mail.text!, language, 'text');
      expect(mail.text).toContain(t.article.readItAs);
    } finally {
      app.close();
    }
  });
});

describe('dates, plurals and units through Intl', () => {
  it('writes the date and the reading time the reader’s way', async () => {
    const en = personalise(await compileVariant(neutralVariant('en', 'claude')), neutralReader()).text;
    const es = personalise(await compileVariant(neutralVariant('es', 'claude')), neutralReader()).text;
    expect(en).toContain('April 21, 2026 · ✦ Reading: 1 min');
    expect(es).toContain('21 de abril de 2026 · ✦ Lectura: 1 min');
  });

  it('says how long a confirmation link lasts with the language’s plural', async () => {
    const es = await renderConfirmEmail({ publication: 'P', confirmUrl: 'https://x.example/c', postalAddress: POSTAL, language: 'es' });
    expect(es.text).toContain('Este enlace caduca en 7 días.');
  });
});

describe('the lang of each part', () => {
  it('marks the article with the edition’s language and the TL;DR with its own inside a chrome of another', async () => {
    const input = { ...neutralVariant('es', 'claude'), tldr: { text: 'Le résumé.', why: null, source: 'claude' as const, language: 'fr' } };
    input.edition = { ...input.edition, language: 'en' };
    const html = personalise(await compileVariant(input), neutralReader()).html;
    expect(html).toMatch(/<html[^>]* lang="es"/);
    expect(html).toMatch(/lang="fr"[^>]*>Le résumé\.</);
    expect(html).toMatch(/<h1[^>]* lang="en"[^>]*>Lorem ipsum dolor sit amet</);
    expect(html).toMatch(/<div lang="en"[^>]*><h2/);
  });

  it('gives a reader whose language has no catalog the English chrome, and their TL;DR', async () => {
    const input = { ...neutralVariant('fr', 'claude'), tldr: { text: 'Le résumé.', why: null, source: 'claude' as const, language: 'fr' } };
    const email = personalise(await compileVariant(input), neutralReader());
    expect(email.html).toMatch(/<html[^>]* lang="en"/);
    expect(email.html).toMatch(/lang="fr"[^>]*>Le résumé\.</);
    expectNoLeaks(readable(email.html), 'en', 'html');
  });
});
