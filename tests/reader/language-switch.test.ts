/**
 * The language switch and `?lang=` on the reader pages: the switch shows a signed reader's page in
 * another language and the page's forms keep it; a language just saved speaks at once; the
 * answer to a post switches through the page its form was on; site links keep the language. The
 * JSON errors stay English: they are for developers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../emails/i18n/index.js';
import type { TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';
import { activeSubscriber, appWithSentEdition, postJson, tokenFor } from './helpers.js';
import { actionOf, browser, expectSpeaks, get, post, says, switchOf } from './i18n-pages.js';

let t: TestApp;
let slug: string;
beforeEach(async () => {
  ({ t, slug } = await appWithSentEdition());
});
afterEach(() => t.close());

describe('the switch, ?lang, and forms that keep the language', () => {
  it('shows a Spanish reader’s page in English through the switch, and its form and answer stay English', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language: 'es' });
    const path = `/preferences/${tokenFor(s, 'preferences')}`;
    const es = await get(t, path, browser('en'));
    expectSpeaks(es, 'es');
    const toEnglish = switchOf(es.html).en;
    expect(toEnglish).toBe(`${path}?lang=en`);
    const en = await get(t, toEnglish, browser('es'));
    expectSpeaks(en, 'en');
    expect(actionOf(en.html, '/preferences/')).toBe(`${path}?lang=en`);
    const saved = await post(t, `${path}?lang=en`, { name: 'Ana', persona: 'engineer', language: 'es' }, browser('es'));
    expectSpeaks(saved, 'en');
    says(saved, CATALOGS.en.reader.preferences.saved);
    // The answer to a post switches to the page it came from, not to the post.
    expect(switchOf(saved.html)).toEqual({ en: `${path}?lang=en`, es: `${path}?lang=es` });
  });

  it('answers in a language the reader has just chosen', async () => {
    const s = await activeSubscriber(t, 'reader@example.com', { language: 'en' });
    const path = `/preferences/${tokenFor(s, 'preferences')}`;
    for (const action of [path, `${path}?lang=en`]) {
      const saved = await post(t, action, { language: 'es' }, browser('en'));
      expectSpeaks(saved, 'es');
      says(saved, CATALOGS.es.reader.preferences.saved);
      expect(actionOf(saved.html, '/preferences/')).toBe(path);
      await post(t, path, { language: 'en' }, browser('en'));
    }
  });

  it('keeps ?lang on the subscribe page: its links, its form, the page after the post and its errors', async () => {
    const home = await get(t, '/?lang=es', browser('en'));
    expectSpeaks(home, 'es');
    expect(home.html).toContain('href="/editions?lang=es"');
    const action = actionOf(home.html, '/api/subscribe');
    expect(action).toBe('/api/subscribe?lang=es');
    const inbox = await post(t, action, { email: 'nueva@example.com' }, browser('en'));
    expectSpeaks(inbox, 'es');
    expect(inbox.html).toContain('href="/editions?lang=es"');
    const refused = await post(t, action, { email: 'nope' }, browser('en'));
    expectSpeaks(refused, 'es');
    expect(actionOf(refused.html, '/api/subscribe')).toBe('/api/subscribe?lang=es');
  });

  it('answers the web version’s subscribe box in the page’s language', async () => {
    const edition = await get(t, `/editions/${slug}?lang=es`, browser('en'));
    const action = actionOf(edition.html, '/api/subscribe');
    expect(action).toBe('/api/subscribe?lang=es');
    const inbox = await post(t, action, { email: 'lectora@example.com', language: 'es', persona: 'everyday' }, browser('en'));
    expect(inbox.status).toBe(202);
    expectSpeaks(inbox, 'es');
  });

  it('keeps a signed reader’s language in the site links, and the switch of a post-only answer leads to a page', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language: 'es' });
    const unsub = `/unsubscribe/${tokenFor(s, 'unsubscribe')}`;
    const ask = await get(t, unsub, browser('en'));
    expect(ask.html).toContain('href="/editions?lang=es"');
    expect(ask.html).toContain('href="/?lang=es"');
    await post(t, unsub, {}, browser('en'));
    t.clock.advance(2000);
    const resub = await post(t, `/resubscribe/${tokenFor(s, 'unsubscribe')}`, {}, browser('en'));
    expect(switchOf(resub.html)).toEqual({ en: `${unsub}?lang=en`, es: `${unsub}?lang=es` });
    const persona = await post(t, `/persona/${tokenFor(s, 'persona')}`, { persona: 'investor', edition: slug }, browser('en'));
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
