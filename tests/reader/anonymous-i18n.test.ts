/**
 * The pages without a signed reader, in the browser's language (`?lang=`, then Accept-Language):
 * the subscribe page and its form's problems, "check your inbox", refused links, the error pages
 * (429, 413, 415) and the not-found page of any address nobody serves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../emails/i18n/index.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { activeSubscriber, counts, fromAddress, markSent, tokenFor } from './helpers.js';
import { actionOf, browser, expectSpeaks, get, LANGS, otherThan, pageOf, post, PUB, says, switchOf } from './i18n-pages.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
  await markSent(t.deps.db);
});
afterEach(() => t.close());

describe.each(LANGS)('an anonymous reader whose browser asks for %s', (language) => {
  const r = CATALOGS[language].reader;
  const headers = browser(language);

  it('gets the subscribe page in it, with the switch, the language preselected and the editions marked in theirs', async () => {
    const home = await get(t, '/', headers);
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
    const page = await post(t, '/api/subscribe', { email: 'nueva@example.com' }, headers);
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
      const page = await post(t, '/api/subscribe', fields, headers);
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
      for (const page of [await get(t, path, headers), await post(t, path, {}, headers)]) {
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
    const tooLarge = await post(t, `/persona/${tokenFor(s, 'persona')}`, { persona: 'engineer', pad: 'x'.repeat(8000) }, browser(language));
    expect(tooLarge.status).toBe(413);
    expectSpeaks(tooLarge, language);
    says(tooLarge, r.errors.tooLarge.title);
    says(tooLarge, r.errors.notDone);

    const bigForm = await post(t, '/api/subscribe', { email: 'b@example.com', pad: 'x'.repeat(40_000) }, headers);
    expect(bigForm.status).toBe(413);
    expectSpeaks(bigForm, language);
    says(bigForm, r.problems.tooLarge('16 KB'));

    const notForm = await pageOf(t.app.request(`/preferences/${tokenFor(s, 'preferences')}`, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: 'x' }));
    expect(notForm.status).toBe(415);
    expectSpeaks(notForm, language);

    for (const path of ['/no-such-page', '/confirm', '/unsubscribe/a/b']) {
      const missing = await get(t, path, headers);
      expect(missing.status, path).toBe(404);
      expectSpeaks(missing, language);
      says(missing, r.errors.notFound.title);
      says(missing, r.errors.notFound.lede);
      expect(missing.html).toContain('<meta name="robots" content="noindex, nofollow"/>');
      expect(switchOf(missing.html)[otherThan(language)]).toBe(`${path}?lang=${otherThan(language)}`);
    }
  });
});


describe('odd language input', () => {
  it('falls back to a language it knows and never fails a page', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language: 'es' });
    const langs = ['', '%E0%A4%A', 'es&lang=en', 'constructor', '__proto__', 'x'.repeat(5000), 'ES_ar', '%00'];
    const acceptLanguages = ['', '*', 'es;q=abc', ';;;,,,', 'x'.repeat(8000), 'zz, es;q=0.1, en;q=0.2'];
    for (const path of ['/', `/preferences/${tokenFor(s, 'preferences')}`, '/no-such-page', '/confirm/x']) {
      for (const lang of langs) {
        for (const al of acceptLanguages) {
          const page = await get(t, `${path}?lang=${lang}`, { ...browser('en'), 'accept-language': al });
          expect(page.status, `${path}?lang=${lang.slice(0, 20)} / ${al.slice(0, 20)}`).toBeLessThan(500);
          expect(page.html).toMatch(/^<!doctype html><html lang="(en|es)">/);
        }
      }
    }
  });
});
