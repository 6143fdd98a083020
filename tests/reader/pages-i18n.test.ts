/**
 * The reader pages in the reader's language: a signed link speaks its subscriber's language
 * (`?lang=` overrides it, for the switch); anonymous pages follow `?lang=`, then
 * `Accept-Language`. Every page is checked for the other catalog's words, says `<html lang>`,
 * varies by Accept-Language, shows the switch, and its links and forms keep the language. The
 * JSON errors stay English: they are for developers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOGS, type ChromeLanguage } from '../../emails/i18n/index.js';
import { editions, suppressions } from '../../src/db/schema.js';
import { CONFIRM_TTL_MS } from '../../src/reader/tokens.js';
import { emailHash } from '../../src/subscribers/email.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';
import { leaks, readable } from '../i18n/leaks.js';
import { activeSubscriber, BROWSER_ACCEPT, counts, fromAddress, markSent, postForm, postJson, subscriberByEmail, tokenFor } from './helpers.js';

let t: TestApp;
let slug: string;
beforeEach(async () => {
  t = await makeTestApp();
  await markSent(t.deps.db);
  slug = (await t.deps.db.select().from(editions).get())!.slug;
});
afterEach(() => t.close());

const LANGS = ['en', 'es'] as const;
const otherThan = (l: ChromeLanguage): ChromeLanguage => (l === 'en' ? 'es' : 'en');
const ACCEPT_LANGUAGE = { en: 'en-US,en;q=0.9', es: 'es-ES,es;q=0.9,en;q=0.5' } as const;
const PUB = 'Primera Plana';

/** A browser whose Accept-Language asks for `language`. */
const browser = (language: ChromeLanguage) => ({ accept: BROWSER_ACCEPT, 'accept-language': ACCEPT_LANGUAGE[language] });

interface Page {
  status: number;
  html: string;
  /** What a reader reads, spaces collapsed (so a bold address reads as part of its sentence). */
  text: string;
  vary: string;
}

async function pageOf(res: Response | Promise<Response>): Promise<Page> {
  const r = await res;
  const html = await r.text();
  return { status: r.status, html, text: readable(html).replace(/\s+/g, ' '), vary: r.headers.get('vary') ?? '' };
}

const get = (path: string, headers: Record<string, string>) => pageOf(t.app.request(path, { headers }));
const post = (path: string, fields: Record<string, string>, headers: Record<string, string>) => pageOf(postForm(t, path, fields, headers));

/** The page is written in `language`: `<html lang>`, none of the other catalog's words, and it says it varies by Accept-Language. */
function expectSpeaks(page: Page, language: ChromeLanguage) {
  expect(page.html).toMatch(new RegExp(`^<!doctype html><html lang="${language}">`));
  expect(leaks(page.text, language)).toEqual([]);
  expect(page.vary).toMatch(/accept-language/i);
}

const says = (page: Page, message: string) => expect(page.text).toContain(message.replace(/\s+/g, ' '));

/** The hrefs of the language switch, by language. */
function switchOf(html: string): Record<string, string> {
  const nav = /<nav class="langs"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return Object.fromEntries([...nav.matchAll(/<a href="([^"]*)" hreflang="(\w+)"/g)].map((m) => [m[2], m[1].replace(/&amp;/g, '&')]));
}

const actionOf = (html: string, prefix: string) => {
  const m = new RegExp(`<form method="post" action="(${prefix.replace(/[/?]/g, '\\$&')}[^"]*)"`).exec(html);
  if (!m) throw new Error(`no form posting to ${prefix}`);
  return m[1].replace(/&amp;/g, '&');
};

const confirmToken = (s: Parameters<typeof tokenFor>[0]) => tokenFor(s, 'confirm', t.clock.now().getTime() + CONFIRM_TTL_MS);

describe.each(LANGS)('a reader whose language is %s, whatever the browser says', (language) => {
  const r = CATALOGS[language].reader;
  // The browser asks for the other language: the signed link's subscriber decides.
  const headers = browser(otherThan(language));

  it('confirms in it: the page, the confirmation, and the page again', async () => {
    await postJson(t, '/api/subscribe', { email: 'lectora@example.com', language });
    const s = await subscriberByEmail(t.deps.db, 'lectora@example.com');
    const path = `/confirm/${confirmToken(s)}`;
    const ask = await get(path, headers);
    expect(ask.status).toBe(200);
    expectSpeaks(ask, language);
    says(ask, r.confirm.title);
    says(ask, r.confirm.lede('lectora@example.com', PUB));
    says(ask, r.confirm.notYou);
    // The form posts back to the same link: the subscriber decides the language there too.
    expect(actionOf(ask.html, '/confirm/')).toBe(path);

    const done = await post(path, {}, headers);
    expect(done.status).toBe(200);
    expectSpeaks(done, language);
    says(done, r.confirm.subscribed);
    says(done, r.confirm.confirmed);
    says(done, r.confirm.thanks(PUB));
    says(done, r.confirm.preferences);

    const again = await get(path, headers);
    expectSpeaks(again, language);
    says(again, r.confirm.alreadySubscribed);
    says(again, r.confirm.alreadyConfirmed);
  });

  it('changes preferences in it, and sees its problems in it', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language });
    const path = `/preferences/${tokenFor(s, 'preferences')}`;
    const page = await get(path, headers);
    expectSpeaks(page, language);
    for (const words of [r.preferences.title, r.preferences.for('lectora@example.com'), r.form.name, r.form.nameHint, r.form.readItAs, r.form.personaHint, r.form.language, r.form.languageHint, r.preferences.save, r.preferences.unsubscribe]) {
      says(page, words);
    }
    expect(actionOf(page.html, '/preferences/')).toBe(path);

    const saved = await post(path, { name: 'Ana', persona: 'engineer', language }, headers);
    expect(saved.status).toBe(200);
    expectSpeaks(saved, language);
    says(saved, r.preferences.saved);

    const refused = await post(path, { name: 'x'.repeat(101), persona: 'engineer', language }, headers);
    expect(refused.status).toBe(400);
    expectSpeaks(refused, language);
    says(refused, r.preferences.notSaved(r.problems.nameTooLong(100)));
    expect((await subscriberByEmail(t.deps.db, 'lectora@example.com')).name).toBe('Ana');
  });

  it('makes a persona the default in it, or hears it does not exist', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language });
    const path = `/persona/${tokenFor(s, 'persona')}`;
    const done = await post(path, { persona: 'investor', edition: slug }, headers);
    expect(done.status).toBe(200);
    expectSpeaks(done, language);
    says(done, r.persona.title('Investor'));
    says(done, r.persona.lede('Investor'));
    says(done, r.persona.back);
    const unknown = await post(path, { persona: 'astronaut' }, headers);
    expect(unknown.status).toBe(400);
    expectSpeaks(unknown, language);
    says(unknown, r.persona.unknownTitle);
    says(unknown, r.persona.unknown);
  });

  it('unsubscribes in it, and resubscribes in it', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language });
    const path = `/unsubscribe/${tokenFor(s, 'unsubscribe')}`;
    const ask = await get(path, headers);
    expectSpeaks(ask, language);
    says(ask, r.unsubscribe.title(PUB));
    says(ask, r.unsubscribe.lede('lectora@example.com', PUB));
    says(ask, r.unsubscribe.instead);
    expect(actionOf(ask.html, '/unsubscribe/')).toBe(path);

    const done = await post(path, {}, headers);
    expect(done.status).toBe(200);
    expectSpeaks(done, language);
    says(done, r.unsubscribe.done);
    says(done, r.unsubscribe.doneBanner);
    says(done, r.unsubscribe.gone('lectora@example.com', PUB));
    says(done, r.unsubscribe.mistake);

    const again = await get(path, headers);
    expectSpeaks(again, language);
    says(again, r.unsubscribe.notSubscribed);

    const prefs = await get(`/preferences/${tokenFor(s, 'preferences')}`, headers);
    expectSpeaks(prefs, language);
    says(prefs, r.preferences.unsubscribed);
    says(prefs, r.preferences.subscribeAgain);

    t.clock.advance(2000);
    const back = await post(`/resubscribe/${tokenFor(s, 'unsubscribe')}`, {}, headers);
    expect(back.status).toBe(202);
    expectSpeaks(back, language);
    says(back, r.checkInbox.title);
    says(back, r.checkInbox.lede('lectora@example.com', 7, PUB));
  });

  it('hears in it that an active address is subscribed already, that a link is stale, that an address is undeliverable', async () => {
    const active = await activeSubscriber(t, 'activa@example.com', { language });
    const already = await post(`/resubscribe/${tokenFor(active, 'unsubscribe')}`, {}, headers);
    expectSpeaks(already, language);
    says(already, r.confirm.subscribed);
    says(already, r.confirm.alreadyActive);

    // A confirm link issued before the reader unsubscribed.
    await postJson(t, '/api/subscribe', { email: 'tarde@example.com', language });
    const pending = await subscriberByEmail(t.deps.db, 'tarde@example.com');
    const stale = `/confirm/${confirmToken(pending)}`;
    t.clock.advance(5000);
    await postForm(t, `/unsubscribe/${tokenFor(pending, 'unsubscribe')}`, {}, { accept: 'application/json' });
    for (const page of [await get(stale, headers), await post(stale, {}, headers)]) {
      expect(page.status).toBe(410);
      expectSpeaks(page, language);
      says(page, r.linkProblems.stale.title);
      says(page, r.linkProblems.stale.message);
    }

    await postJson(t, '/api/subscribe', { email: 'rebota@example.com', language });
    const bounced = await subscriberByEmail(t.deps.db, 'rebota@example.com');
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash(bounced.email), reason: 'bounce' });
    const undeliverable = await get(`/confirm/${confirmToken(bounced)}`, headers);
    expect(undeliverable.status).toBe(410);
    expectSpeaks(undeliverable, language);
    says(undeliverable, r.linkProblems.undeliverable.title);
  });
});

describe.each(LANGS)('an anonymous reader whose browser asks for %s', (language) => {
  const r = CATALOGS[language].reader;
  const headers = browser(language);

  it('gets the subscribe page in it, with the switch, the language preselected and the editions marked in theirs', async () => {
    const home = await get('/', headers);
    expect(home.status).toBe(200);
    expectSpeaks(home, language);
    for (const words of [r.home.kicker, r.home.heading(PUB), r.home.dek, r.form.email, r.form.name, r.form.readItAs, r.form.language, r.home.button, r.home.note, r.home.latest]) {
      says(home, words);
    }
    expect(home.html).toMatch(new RegExp(`<option value="${language}" selected=""`));
    expect(switchOf(home.html)).toEqual({ en: '/?lang=en', es: '/?lang=es' });
    // The language came from the browser, which posts the form too.
    expect(actionOf(home.html, '/api/subscribe')).toBe('/api/subscribe');
    expect(home.html).toMatch(/<h3[^>]*><a lang="en" href="\/editions\/[^"]+">Amazon just bet/);
  });

  it('is told to check the inbox in it', async () => {
    const page = await post('/api/subscribe', { email: 'nueva@example.com' }, headers);
    expect(page.status).toBe(202);
    expectSpeaks(page, language);
    says(page, r.checkInbox.title);
    says(page, r.checkInbox.lede('nueva@example.com', 7, PUB));
    says(page, r.checkInbox.help);
    says(page, r.checkInbox.whileYouWait);
    // A link cannot repeat a post: the switch leads to the form's page in the other language.
    expect(switchOf(page.html)).toEqual({ en: '/?lang=en', es: '/?lang=es' });
  });

  it('gets the form back with what was wrong, in it', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ email: '' }, r.problems.emailRequired],
      [{ email: 'not-an-address' }, r.problems.emailInvalid],
      [{ email: `${'a'.repeat(250)}@example.com` }, r.problems.emailTooLong(254)],
      [{ email: 'n@example.com', name: 'n'.repeat(101) }, r.problems.nameTooLong(100)],
      [{ email: 'n@example.com', name: 'a\u0007b' }, r.problems.nameControl],
      [{ email: 'n@example.com', persona: 'astronaut' }, r.problems.unknownPersona('astronaut')],
      [{ email: 'n@example.com', language: 'klingon' }, r.problems.unknownLanguage('klingon')],
    ];
    for (const [fields, message] of cases) {
      const page = await post('/api/subscribe', fields, headers);
      expect(page.status, message).toBe(400);
      expectSpeaks(page, language);
      says(page, message);
      says(page, r.home.heading(PUB));
    }
    expect((await counts(t.deps.db)).subscribers).toBe(0);
  });

  it('is refused a bad, expired or revoked link in it', async () => {
    const s = await activeSubscriber(t, 'vieja@example.com', { language: otherThan(language) });
    const expired = `/confirm/${tokenFor(s, 'confirm', t.clock.now().getTime() - 1000)}`;
    await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { email: 'nueva-direccion@example.com' } });
    const revokedNow = `/preferences/${tokenFor(s, 'preferences')}`;
    for (const [path, problem, status] of [
      ['/confirm/not-a-token', r.linkProblems.invalid, 400],
      ['/unsubscribe/abc.def', r.linkProblems.invalid, 400],
      [expired, r.linkProblems.expired, 410],
      [revokedNow, r.linkProblems.revoked, 410],
    ] as const) {
      for (const page of [await get(path, headers), await post(path, {}, headers)]) {
        expect(page.status, path).toBe(status);
        expectSpeaks(page, language);
        says(page, problem.title);
        says(page, typeof problem.message === 'function' ? problem.message(7) : problem.message);
        says(page, r.links.subscribe);
      }
    }
  });

  it('gets the error pages in it: too many requests, too large, not a form, not found', async () => {
    const from = '203.0.113.90';
    for (let i = 0; i < 10; i++) await t.app.request('/api/subscribe', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email: `q${i}@example.com` }) }, fromAddress(from));
    const limited = await pageOf(t.app.request('/api/subscribe', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'email=q10%40example.com' }, fromAddress(from)));
    expect(limited.status).toBe(429);
    expectSpeaks(limited, language);
    says(limited, r.errors.rateLimited.title);
    says(limited, r.errors.tooMany);
    says(limited, r.errors.retryIn(60));

    const s = await activeSubscriber(t, 'grande@example.com', { language });
    const tooLarge = await post(`/persona/${tokenFor(s, 'persona')}`, { persona: 'engineer', pad: 'x'.repeat(8000) }, browser(language));
    expect(tooLarge.status).toBe(413);
    expectSpeaks(tooLarge, language);
    says(tooLarge, r.errors.tooLarge.title);
    says(tooLarge, r.errors.notDone);

    const bigForm = await post('/api/subscribe', { email: 'b@example.com', pad: 'x'.repeat(40_000) }, headers);
    expect(bigForm.status).toBe(413);
    expectSpeaks(bigForm, language);
    says(bigForm, r.problems.tooLarge('16 KB'));

    const notForm = await pageOf(t.app.request(`/preferences/${tokenFor(s, 'preferences')}`, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: 'x' }));
    expect(notForm.status).toBe(415);
    expectSpeaks(notForm, language);

    for (const path of ['/no-such-page', '/confirm', '/unsubscribe/a/b']) {
      const missing = await get(path, headers);
      expect(missing.status, path).toBe(404);
      expectSpeaks(missing, language);
      says(missing, r.errors.notFound.title);
      says(missing, r.errors.notFound.lede);
      expect(missing.html).toContain('<meta name="robots" content="noindex, nofollow"/>');
      expect(switchOf(missing.html)[otherThan(language)]).toBe(`${path}?lang=${otherThan(language)}`);
    }
  });
});

describe('the switch, ?lang, and forms that keep the language', () => {
  it('shows a Spanish reader’s page in English through the switch, and its form and answer stay English', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language: 'es' });
    const path = `/preferences/${tokenFor(s, 'preferences')}`;
    const es = await get(path, browser('en'));
    expectSpeaks(es, 'es');
    const toEnglish = switchOf(es.html).en;
    expect(toEnglish).toBe(`${path}?lang=en`);
    const en = await get(toEnglish, browser('es'));
    expectSpeaks(en, 'en');
    expect(actionOf(en.html, '/preferences/')).toBe(`${path}?lang=en`);
    const saved = await post(`${path}?lang=en`, { name: 'Ana', persona: 'engineer', language: 'es' }, browser('es'));
    expectSpeaks(saved, 'en');
    says(saved, CATALOGS.en.reader.preferences.saved);
    // The answer to a post switches to the page it came from, not to the post.
    expect(switchOf(saved.html)).toEqual({ en: `${path}?lang=en`, es: `${path}?lang=es` });
  });

  it('answers in a language the reader has just chosen', async () => {
    const s = await activeSubscriber(t, 'reader@example.com', { language: 'en' });
    const path = `/preferences/${tokenFor(s, 'preferences')}`;
    for (const action of [path, `${path}?lang=en`]) {
      const saved = await post(action, { language: 'es' }, browser('en'));
      expectSpeaks(saved, 'es');
      says(saved, CATALOGS.es.reader.preferences.saved);
      expect(actionOf(saved.html, '/preferences/')).toBe(path);
      await post(path, { language: 'en' }, browser('en'));
    }
  });

  it('keeps ?lang on the subscribe page: its links, its form, the page after the post and its errors', async () => {
    const home = await get('/?lang=es', browser('en'));
    expectSpeaks(home, 'es');
    expect(home.html).toContain('href="/editions?lang=es"');
    const action = actionOf(home.html, '/api/subscribe');
    expect(action).toBe('/api/subscribe?lang=es');
    const inbox = await post(action, { email: 'nueva@example.com' }, browser('en'));
    expectSpeaks(inbox, 'es');
    expect(inbox.html).toContain('href="/editions?lang=es"');
    const refused = await post(action, { email: 'nope' }, browser('en'));
    expectSpeaks(refused, 'es');
    expect(actionOf(refused.html, '/api/subscribe')).toBe('/api/subscribe?lang=es');
  });

  it('keeps a signed reader’s language in the site links, and the switch of a post-only answer leads to a page', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language: 'es' });
    const unsub = `/unsubscribe/${tokenFor(s, 'unsubscribe')}`;
    const ask = await get(unsub, browser('en'));
    expect(ask.html).toContain('href="/editions?lang=es"');
    expect(ask.html).toContain('href="/?lang=es"');
    await post(unsub, {}, browser('en'));
    t.clock.advance(2000);
    const resub = await post(`/resubscribe/${tokenFor(s, 'unsubscribe')}`, {}, browser('en'));
    expect(switchOf(resub.html)).toEqual({ en: `${unsub}?lang=en`, es: `${unsub}?lang=es` });
    const persona = await post(`/persona/${tokenFor(s, 'persona')}`, { persona: 'investor', edition: slug }, browser('en'));
    const back = `/editions/${slug}?as=investor&t=${tokenFor(s, 'persona')}`;
    expect(switchOf(persona.html)).toEqual({ en: `${back}&lang=en`, es: `${back}&lang=es` });
  });
});

describe('developers read English', () => {
  it('keeps the JSON errors English whatever the language', async () => {
    const es = { 'accept-language': 'es', accept: 'application/json' };
    await expectError(await t.app.request('/confirm/not-a-token', { method: 'POST', headers: es }), 400, 'bad_request', /^This link is not valid\./);
    await expectError(await postJson(t, '/api/subscribe', { email: 'nope' }, es), 400, 'validation_error', /^email: is not a valid address/);
    await expectError(await t.app.request('/no-such-page', { headers: es }), 404, 'not_found', /no such route/);
    // The API's own addresses answer JSON even to a browser.
    await expectError(await t.app.request('/api/nothing-here', { headers: browser('es') }), 404, 'not_found');
    await expectError(await t.app.request('/webhooks/nothing-here', { headers: browser('es') }), 404, 'not_found');
  });
});
