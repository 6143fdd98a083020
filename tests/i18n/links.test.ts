/**
 * The links of an edition email keep the reader's language: "View in browser" and every "Read it
 * as…" open the web version in that language, with that language's TL;DR. And the email can be
 * answered: Reply-To defaults to the sender.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../emails/i18n/index.js';
import { tldrVariants } from '../../src/db/schema.js';
import { DEFAULT_MAIL_FROM } from '../../src/config/config.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { activeSubscriber, markSent } from '../reader/helpers.js';
import { leaks, readable } from './leaks.js';

let t: TestApp;
afterEach(() => t?.close());

const hrefOf = (html: string, label: string) => {
  const m = new RegExp(`href="([^"]+)"[^>]*>${label}</a>`).exec(html);
  if (!m) throw new Error(`no link "${label}"`);
  return m[1].replace(/&amp;/g, '&');
};

async function sendTo(language: 'en' | 'es') {
  t = await makeTestApp({ config: { sendRate: 1000 } });
  await t.deps.db.insert(tldrVariants).values([
    { editionId: 1, persona: 'engineer', language: 'en', source: 'claude', text: 'Engineer TL;DR in English.', why: null },
    { editionId: 1, persona: 'engineer', language: 'es', source: 'claude', text: 'TL;DR del ingeniero en español.', why: null },
    { editionId: 1, persona: 'investor', language: 'es', source: 'claude', text: 'TL;DR del inversor en español.', why: null },
  ]);
  await activeSubscriber(t, 'lector@example.com', { persona: 'engineer', language, name: 'Ana García' });
  await t.admin('/editions/1/send', { method: 'POST', json: {} });
  await t.runner.idle();
  await markSent(t.deps.db);
  const [mail] = (t.mailer as RecordingMailer).sent;
  return mail;
}

const path = (url: string) => url.replace('https://news.example.com', '');

describe.each(['en', 'es'] as const)('an email to a reader in %s', (language) => {
  const c = CATALOGS[language];

  it('opens the web version in that language with that language’s TL;DR', async () => {
    const mail = await sendTo(language);
    const view = hrefOf(mail.html!, c.edition.viewInBrowser);
    expect(new URL(view).searchParams.get('lang')).toBe(language);
    const page = await (await t.app.request(path(view))).text();
    expect(page).toMatch(new RegExp(`<html lang="${language}"`));
    expect(page).toContain(language === 'es' ? 'TL;DR del ingeniero en español.' : 'Engineer TL;DR in English.');
    expect(leaks(readable(page), language)).toEqual([]);

    const readAs = hrefOf(mail.html!, 'Investor');
    expect(new URL(readAs).searchParams.get('lang')).toBe(language);
    const other = await (await t.app.request(path(readAs))).text();
    expect(other).toMatch(new RegExp(`<html lang="${language}"`));
    if (language === 'es') expect(other).toContain('TL;DR del inversor en español.');
    expect(leaks(readable(other), language)).toEqual([]);
    // The page's own links keep the language too.
    expect(other).toMatch(new RegExp(`href="/editions/[^"]+\\?as=engineer&amp;lang=${language}&amp;t=`));
  });

  it('can be answered: Reply-To is the sender unless REPLY_TO says otherwise', async () => {
    const mail = await sendTo(language);
    expect(mail.replyTo).toBe(DEFAULT_MAIL_FROM);
  });
});
