/**
 * The public routes that can answer both HTML and JSON negotiate on `Accept` (PRODUCT.md): a page
 * only for a client that prefers text/html (a browser's form post), JSON for everyone else (API
 * clients, `*∕*`, no Accept) — successes, refusals and error pages alike.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';
import { activeSubscriber, BROWSER_ACCEPT, confirmLink, counts, freshIp, postForm, postJson, subscriberByEmail, tokenFor } from './helpers.js';

let t: TestApp;
let mail: RecordingMailer;
beforeEach(async () => {
  t = await makeTestApp();
  mail = t.mailer as RecordingMailer;
});
afterEach(() => t.close());

const form = { email: 'neg@example.com', persona: 'engineer' };
const isHtml = (res: Response) => expect(res.headers.get('content-type')).toMatch(/^text\/html/);

describe('POST /api/subscribe', () => {
  for (const [who, accept] of [
    ['an API client asking for JSON', 'application/json'],
    ['curl (*/*)', '*/*'],
    ['a client that sends no Accept', undefined],
    ['a client preferring JSON by q-value', 'text/html;q=0.5, application/json'],
  ] as const) {
    it(`a form post from ${who} gets 202 JSON`, async () => {
      const res = await postForm(t, '/api/subscribe', form, accept ? { accept } : { accept: '' });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: 'pending' });
    });
  }

  it('a browser (or any client preferring text/html) gets the "check your inbox" page, whatever the body', async () => {
    for (const res of [
      await postForm(t, '/api/subscribe', form),
      await postJson(t, '/api/subscribe', form, { accept: 'application/json;q=0.1, text/html' }),
    ]) {
      expect(res.status).toBe(202);
      isHtml(res);
      expect(await res.text()).toContain('Check your inbox');
    }
  });

  it('validation errors: JSON naming the field, or the form again with the message', async () => {
    const json = await postForm(t, '/api/subscribe', { email: 'nope' }, { accept: 'application/json' });
    expect((await expectError(json, 400, 'validation_error', /^email/)).field).toBe('email');
    const page = await postForm(t, '/api/subscribe', { email: 'nope' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Email address is not a valid address.');
  });

  it('413 and 415: JSON for API clients, the form with a message for browsers', async () => {
    const big = { email: 'big@example.com', pad: 'x'.repeat(40_000) };
    await expectError(await postForm(t, '/api/subscribe', big, { accept: '*/*' }), 413, 'payload_too_large', /16 KB/);
    const bigPage = await postForm(t, '/api/subscribe', big);
    expect(bigPage.status).toBe(413);
    isHtml(bigPage);
    expect(await bigPage.text()).toContain('too large');
    const plain = (accept: string) =>
      t.app.request('/api/subscribe', { method: 'POST', headers: { 'content-type': 'text/plain', accept, 'x-forwarded-for': freshIp() }, body: 'a@example.com' });
    await expectError(await plain('application/json'), 415, 'unsupported_media_type');
    const page = await plain(BROWSER_ACCEPT);
    expect(page.status).toBe(415);
    isHtml(page);
    expect(await page.text()).toContain('action="/api/subscribe"');
    expect((await counts(t.deps.db)).subscribers).toBe(0);
  });

  it('429: JSON with Retry-After for a form post from an API client, a page with Retry-After for a browser', async () => {
    const from = '203.0.113.80';
    for (let i = 0; i < 10; i++) expect((await postForm(t, '/api/subscribe', { email: `q${i}@example.com` }, {}, from)).status).toBe(202);
    const json = await postForm(t, '/api/subscribe', { email: 'q10@example.com' }, { accept: 'application/json' }, from);
    await expectError(json, 429, 'rate_limited', /60 seconds/);
    expect(json.headers.get('retry-after')).toBe('60');
    const page = await postForm(t, '/api/subscribe', { email: 'q10@example.com' }, {}, from);
    expect(page.status).toBe(429);
    isHtml(page);
    expect(page.headers.get('retry-after')).toBe('60');
    expect(await page.text()).toContain('Please wait a moment');
  });
});

describe('the link routes', () => {
  const noAccept = { accept: '' };

  it('POST /confirm/:token: {"status":"active"} for JSON clients, the page for browsers; problems as errors', async () => {
    await postJson(t, '/api/subscribe', { email: 'c@example.com' });
    await t.drained();
    const link = new URL(confirmLink(mail.sent[0].html)).pathname;
    const res = await t.app.request(link, { method: 'POST', headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'active' });
    expect((await subscriberByEmail(t.deps.db, 'c@example.com')).status).toBe('active');
    const again = await t.app.request(link, { method: 'POST', headers: { accept: BROWSER_ACCEPT } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('already subscribed');
    await expectError(await t.app.request('/confirm/not-a-token', { method: 'POST' }), 400, 'bad_request', /not valid/);
    t.clock.advance(8 * 24 * 3600_000);
    await expectError(await t.app.request(link, { method: 'POST', headers: { accept: '*/*' } }), 410, 'gone', /expired/);
  });

  it('POST /preferences/:token: the saved choices as JSON; validation and link errors as JSON', async () => {
    const s = await activeSubscriber(t, 'p@example.com');
    const url = `/preferences/${tokenFor(s, 'preferences')}`;
    const res = await postForm(t, url, { name: 'Pat', persona: 'investor', language: 'es' }, noAccept);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'Pat', persona: 'investor', language: 'es' });
    await expectError(await postForm(t, url, { persona: 'astronaut' }, noAccept), 400, 'validation_error', /persona/);
    await expectError(await postForm(t, `/preferences/${tokenFor(s, 'unsubscribe')}`, {}, noAccept), 400, 'bad_request');
    expect(await subscriberByEmail(t.deps.db, 'p@example.com')).toMatchObject({ name: 'Pat', persona: 'investor', language: 'es' });
  });

  it('POST /persona/:token: {"persona"} as JSON; an unknown persona is a JSON 400', async () => {
    const s = await activeSubscriber(t, 'r@example.com');
    const url = `/persona/${tokenFor(s, 'persona')}`;
    const res = await postForm(t, url, { persona: 'engineer' }, noAccept);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ persona: 'engineer' });
    await expectError(await postForm(t, url, { persona: 'astronaut' }, noAccept), 400, 'validation_error', /persona/);
  });

  it('POST /unsubscribe/:token: 200 JSON for one-click senders (no Accept), the page for browsers, never a redirect', async () => {
    const a = await activeSubscriber(t, 'a@example.com');
    const oneClick = await postForm(t, `/unsubscribe/${tokenFor(a, 'unsubscribe')}`, { 'List-Unsubscribe': 'One-Click' }, noAccept);
    expect(oneClick.status).toBe(200);
    expect(await oneClick.json()).toEqual({ status: 'unsubscribed' });
    const b = await activeSubscriber(t, 'b@example.com');
    const page = await postForm(t, `/unsubscribe/${tokenFor(b, 'unsubscribe')}`, {});
    expect(page.status).toBe(200);
    isHtml(page);
    expect(await page.text()).toContain('You’re unsubscribed');
    await expectError(await postForm(t, `/unsubscribe/${tokenFor({ ...a, tokenVersion: 9 }, 'unsubscribe')}`, {}, noAccept), 410, 'gone');
  });

  it('POST /resubscribe/:token: 202 {"status":"pending"} as JSON', async () => {
    const s = await activeSubscriber(t, 'back@example.com');
    await t.app.request(`/unsubscribe/${tokenFor(s, 'unsubscribe')}`, { method: 'POST' });
    t.clock.advance(1000);
    const res = await postForm(t, `/resubscribe/${tokenFor(s, 'unsubscribe')}`, {}, noAccept);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending' });
    await t.drained();
    expect(mail.sent).toHaveLength(1);
  });
});

describe('malformed multipart bodies: 400, before anything is read or written', () => {
  const body = '--abc\r\nContent-Disposition: form-data; name="email"\r\n\r\nm@example.com\r\n--abc--\r\n';
  const types = ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=""', 'multipart/form-data; boundary=zzz'];

  it('on every public form route, for API clients and browsers', async () => {
    const s = await activeSubscriber(t, 'm2@example.com');
    const before = await counts(t.deps.db);
    const routes = ['/api/subscribe', `/preferences/${tokenFor(s, 'preferences')}`, `/unsubscribe/${tokenFor(s, 'unsubscribe')}`, `/persona/${tokenFor(s, 'persona')}`];
    for (const path of routes) {
      for (const type of types) {
        const what = `${path.split('/')[1]} with ${type}`;
        const json = await t.app.request(path, { method: 'POST', headers: { 'content-type': type, 'x-forwarded-for': freshIp() }, body });
        expect(json.status, what).toBe(400);
        const err = await expectError(json, 400, 'bad_request', /multipart/);
        expect(err.message, what).not.toMatch(/at .*\.ts/);
        const page = await t.app.request(path, { method: 'POST', headers: { 'content-type': type, accept: BROWSER_ACCEPT, 'x-forwarded-for': freshIp() }, body });
        expect(page.status, what).toBe(400);
        isHtml(page);
      }
    }
    expect(await counts(t.deps.db)).toEqual(before);
    expect(await subscriberByEmail(t.deps.db, 'm2@example.com')).toMatchObject({ status: 'active', persona: 'everyday', name: null });
    expect(mail.sent).toHaveLength(0);
  });

  it('a well-formed multipart one-click unsubscribe (RFC 8058) still answers 200', async () => {
    const s = await activeSubscriber(t, 'yahoo@example.com');
    const boundary = '----=_Part_1234_5678.1700000000000';
    const res = await t.app.request(`/unsubscribe/${tokenFor(s, 'unsubscribe')}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'unsubscribed' });
  });
});
