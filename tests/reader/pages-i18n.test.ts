/**
 * The pages of a signed reader link in the reader's language: the link's subscriber decides,
 * whatever the browser's Accept-Language says. Confirm, preferences, the persona switch,
 * unsubscribe and resubscribe, and the refusals that still know the reader (stale,
 * undeliverable). Each page says `<html lang>`, varies by Accept-Language and has no word of
 * the other catalog.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../emails/i18n/index.js';
import { suppressions } from '../../src/db/schema.js';
import { emailHash } from '../../src/subscribers/email.js';
import type { TestApp } from '../helpers/app.js';
import { activeSubscriber, appWithSentEdition, fromAddress, postForm, postJson, subscriberByEmail, tokenFor } from './helpers.js';
import { actionOf, browser, confirmToken, expectSpeaks, get, LANGS, otherThan, pageOf, post, PUB, says } from './i18n-pages.js';

let t: TestApp;
let slug: string;
beforeEach(async () => {
  ({ t, slug } = await appWithSentEdition());
});
afterEach(() => t.close());

describe.each(LANGS)('a reader whose language is %s, whatever the browser says', (language) => {
  const r = CATALOGS[language].reader;
  // The browser asks for the other language: the signed link's subscriber decides.
  const headers = browser(otherThan(language));

  it('confirms in it: the page, the confirmation, and the page again', async () => {
    await postJson(t, '/api/subscribe', { email: 'lectora@example.com', language });
    const s = await subscriberByEmail(t.deps.db, 'lectora@example.com');
    const path = `/confirm/${confirmToken(t, s)}`;
    const ask = await get(t, path, headers);
    expect(ask.status).toBe(200);
    expectSpeaks(ask, language);
    says(ask, r.confirm.title);
    says(ask, r.confirm.lede('lectora@example.com', PUB));
    says(ask, r.confirm.notYou);
    // The form posts back to the same link: the subscriber decides the language there too.
    expect(actionOf(ask.html, '/confirm/')).toBe(path);

    const done = await post(t, path, {}, headers);
    expect(done.status).toBe(200);
    expectSpeaks(done, language);
    says(done, r.confirm.subscribed);
    says(done, r.confirm.confirmed);
    says(done, r.confirm.thanks(PUB));
    says(done, r.confirm.preferences);

    const again = await get(t, path, headers);
    expectSpeaks(again, language);
    says(again, r.confirm.alreadySubscribed);
    says(again, r.confirm.alreadyConfirmed);
  });

  it('changes preferences in it, and sees its problems in it', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language });
    const path = `/preferences/${tokenFor(s, 'preferences')}`;
    const page = await get(t, path, headers);
    expectSpeaks(page, language);
    for (const words of [r.preferences.title, r.preferences.for('lectora@example.com'), r.form.name, r.form.nameHint, r.form.readItAs, r.form.personaHint, r.form.language, r.form.languageHint, r.preferences.save, r.preferences.unsubscribe]) {
      says(page, words);
    }
    expect(actionOf(page.html, '/preferences/')).toBe(path);

    const saved = await post(t, path, { name: 'Ana', persona: 'engineer', language }, headers);
    expect(saved.status).toBe(200);
    expectSpeaks(saved, language);
    says(saved, r.preferences.saved);

    const refused = await post(t, path, { name: 'x'.repeat(101), persona: 'engineer', language }, headers);
    expect(refused.status).toBe(400);
    expectSpeaks(refused, language);
    says(refused, r.preferences.notSaved(r.problems.nameTooLong(100)));
    expect((await subscriberByEmail(t.deps.db, 'lectora@example.com')).name).toBe('Ana');
  });

  it('makes a persona the default in it, or hears it does not exist', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language });
    const path = `/persona/${tokenFor(s, 'persona')}`;
    const done = await post(t, path, { persona: 'investor', edition: slug }, headers);
    expect(done.status).toBe(200);
    expectSpeaks(done, language);
    says(done, r.persona.title('Investor'));
    says(done, r.persona.lede('Investor'));
    says(done, r.persona.back);
    const unknown = await post(t, path, { persona: 'astronaut' }, headers);
    expect(unknown.status).toBe(400);
    expectSpeaks(unknown, language);
    says(unknown, r.persona.unknownTitle);
    says(unknown, r.persona.unknown);
  });

  it('unsubscribes in it, and resubscribes in it', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language });
    const path = `/unsubscribe/${tokenFor(s, 'unsubscribe')}`;
    const ask = await get(t, path, headers);
    expectSpeaks(ask, language);
    says(ask, r.unsubscribe.title(PUB));
    says(ask, r.unsubscribe.lede('lectora@example.com', PUB));
    says(ask, r.unsubscribe.instead);
    expect(actionOf(ask.html, '/unsubscribe/')).toBe(path);

    const done = await post(t, path, {}, headers);
    expect(done.status).toBe(200);
    expectSpeaks(done, language);
    says(done, r.unsubscribe.done);
    says(done, r.unsubscribe.doneBanner);
    says(done, r.unsubscribe.gone('lectora@example.com', PUB));
    says(done, r.unsubscribe.mistake);

    const again = await get(t, path, headers);
    expectSpeaks(again, language);
    says(again, r.unsubscribe.notSubscribed);

    const prefs = await get(t, `/preferences/${tokenFor(s, 'preferences')}`, headers);
    expectSpeaks(prefs, language);
    says(prefs, r.preferences.unsubscribed);
    says(prefs, r.preferences.subscribeAgain);

    t.clock.advance(2000);
    const back = await post(t, `/resubscribe/${tokenFor(s, 'unsubscribe')}`, {}, headers);
    expect(back.status).toBe(202);
    expectSpeaks(back, language);
    says(back, r.checkInbox.title);
    says(back, r.checkInbox.lede('lectora@example.com', 7, PUB));
  });

  it('gets the error pages of its links in it: too large, not a form, too many requests', async () => {
    const s = await activeSubscriber(t, 'lectora@example.com', { language });
    const tooLarge = await post(t, `/persona/${tokenFor(s, 'persona')}`, { persona: 'engineer', pad: 'x'.repeat(8000) }, headers);
    expect(tooLarge.status).toBe(413);
    expectSpeaks(tooLarge, language);
    says(tooLarge, r.errors.tooLarge.title);
    const notForm = await pageOf(t.app.request(`/preferences/${tokenFor(s, 'preferences')}`, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: 'x' }));
    expect(notForm.status).toBe(415);
    expectSpeaks(notForm, language);
    says(notForm, r.errors.notAForm.title);
    const from = '203.0.113.91';
    const resubscribe = () => t.app.request(`/resubscribe/${tokenFor(s, 'unsubscribe')}`, { method: 'POST', headers }, fromAddress(from));
    for (let i = 0; i < 10; i++) await resubscribe();
    const limited = await pageOf(resubscribe());
    expect(limited.status).toBe(429);
    expectSpeaks(limited, language);
    says(limited, r.errors.rateLimited.title);
  });

  it('hears in it that an active address is subscribed already, that a link is stale, that an address is undeliverable', async () => {
    const active = await activeSubscriber(t, 'activa@example.com', { language });
    const already = await post(t, `/resubscribe/${tokenFor(active, 'unsubscribe')}`, {}, headers);
    expectSpeaks(already, language);
    says(already, r.confirm.subscribed);
    says(already, r.confirm.alreadyActive);

    // A confirm link issued before the reader unsubscribed.
    await postJson(t, '/api/subscribe', { email: 'tarde@example.com', language });
    const pending = await subscriberByEmail(t.deps.db, 'tarde@example.com');
    const stale = `/confirm/${confirmToken(t, pending)}`;
    t.clock.advance(5000);
    await postForm(t, `/unsubscribe/${tokenFor(pending, 'unsubscribe')}`, {}, { accept: 'application/json' });
    for (const page of [await get(t, stale, headers), await post(t, stale, {}, headers)]) {
      expect(page.status).toBe(410);
      expectSpeaks(page, language);
      says(page, r.linkProblems.stale.title);
      says(page, r.linkProblems.stale.message);
    }

    await postJson(t, '/api/subscribe', { email: 'rebota@example.com', language });
    const bounced = await subscriberByEmail(t.deps.db, 'rebota@example.com');
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash(bounced.email), reason: 'bounce' });
    const undeliverable = await get(t, `/confirm/${confirmToken(t, bounced)}`, headers);
    expect(undeliverable.status).toBe(410);
    expectSpeaks(undeliverable, language);
    says(undeliverable, r.linkProblems.undeliverable.title);
  });
});

