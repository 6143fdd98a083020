/**
 * The console's door: the sign-in page, the signed session cookie (HttpOnly, SameSite=Strict,
 * Secure on https, 12 h), sign-out, the sign-in rate limit, and cross-site request forgery
 * refused twice over (Origin / Sec-Fetch-Site, and a per-form token bound to the session).
 * The bearer-token API is unchanged and knows nothing of the cookie.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editions } from '../../src/db/schema.js';
import { ADMIN_TOKEN, makeTestApp, type TestApp } from '../helpers/app.js';
import { encodeForm, formTokenIn, ORIGIN, sessionCookie, signIn } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  // The tests tell clients apart by x-forwarded-for, as a deployment behind a proxy does.
  t = await makeTestApp({ env: { TRUSTED_PROXY: 'x-forwarded-for' } });
});
afterEach(() => t.close());

const signInPost = (token: string, headers: Record<string, string> = {}, extra: Record<string, string> = {}) =>
  t.app.request('/admin/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'x-forwarded-for': '203.0.113.7', ...headers },
    body: encodeForm({ token, ...extra }),
  });

describe('sign-in', () => {
  it('GET /admin is a sign-in page with one labelled password field', async () => {
    const res = await t.app.request('/admin');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/admin\/sign-in"/);
    expect(html).toMatch(/<label for="token">/);
    expect(html).toMatch(/<input[^>]*type="password"[^>]*id="token"|<input[^>]*id="token"[^>]*type="password"/);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('pages need a session: a browser is sent to sign in and back', async () => {
    const res = await t.app.request('/admin/editions?x=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin?next=%2Fadmin%2Feditions%3Fx%3D1');
  });

  it('the right token sets a signed, HttpOnly, SameSite=Strict, Secure (https) cookie for 12 h', async () => {
    const res = await signInPost(ADMIN_TOKEN, {}, { next: '/admin/personas' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/personas');
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/^pp_console=[^;]+;/);
    expect(set).toMatch(/Max-Age=43200/);
    expect(set).toMatch(/Path=\/admin/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Secure/);
    // Neither the token nor anything readable as it is in the cookie.
    expect(set).not.toContain(ADMIN_TOKEN);
    const page = await t.app.request('/admin/editions', { headers: { cookie: sessionCookie(res)! } });
    expect(page.status).toBe(200);
  });

  it('no Secure attribute when BASE_URL is plain http', async () => {
    t.deps.config.baseUrl = 'http://localhost:3000';
    const set = (await signInPost(ADMIN_TOKEN)).headers.get('set-cookie')!;
    expect(set).not.toMatch(/Secure/);
  });

  it('only a path inside the console is followed after sign-in', async () => {
    for (const next of ['https://evil.example/', '//evil.example/admin', '/\\evil.example', '/api/admin/editions', '/admin/../api/admin/editions']) {
      const res = await signInPost(ADMIN_TOKEN, {}, { next });
      expect(res.headers.get('location'), next).toBe('/admin/editions');
    }
  });

  it('a malformed form body is refused like a wrong token, never a 500', async () => {
    const res = await t.app.request('/admin/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz', origin: ORIGIN, 'x-forwarded-for': '203.0.113.9' },
      body: '--xyz\r\nContent-Disposition: form-data; name="token"\r\n\r\nunterminated',
    });
    expect(res.status).toBe(401);
    expect(sessionCookie(res)).toBeNull();
  });

  it('a wrong token is a 401 page and sets no cookie', async () => {
    const res = await signInPost('wrong-token-0123456789');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/not the admin token/i);
    expect(sessionCookie(res)).toBeNull();
  });

  it('a tampered, expired or old-token cookie is no session', async () => {
    const editor = await signIn(t);
    const [name, value] = editor.cookie.split('=');
    const tampered = `${name}=${value.replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a'))}`;
    expect((await t.app.request('/admin/editions', { headers: { cookie: tampered } })).status).toBe(303);
    t.clock.advance(12 * 3600 * 1000 - 1000);
    expect((await editor.get('/admin/editions')).status).toBe(200);
    t.clock.advance(2000);
    expect((await editor.get('/admin/editions')).status).toBe(303);
    // A new ADMIN_TOKEN signs every console session out.
    const fresh = await signIn(t);
    t.deps.config.adminToken = 'another-admin-token-0123456789';
    expect((await fresh.get('/admin/editions')).status).toBe(303);
  });

  it('sign-in attempts are limited per client address: 429 with retry-after, even for the right token', async () => {
    for (let i = 0; i < 10; i++) expect((await signInPost(`wrong-token-${i}-0123456789`)).status).toBe(401);
    const limited = await signInPost(ADMIN_TOKEN);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(sessionCookie(limited)).toBeNull();
    // Another address is not affected; the window passes.
    expect((await signInPost(ADMIN_TOKEN, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(303);
    t.clock.advance(15 * 60 * 1000);
    expect((await signInPost(ADMIN_TOKEN)).status).toBe(303);
  });

  it('signing in again over a live session (an old tab) just signs in', async () => {
    const editor = await signIn(t);
    const res = await signInPost(ADMIN_TOKEN, { cookie: editor.cookie });
    expect(res.status).toBe(303);
    expect(sessionCookie(res)).toBeTruthy();
  });

  it('sign-out clears the cookie', async () => {
    const editor = await signIn(t);
    const res = await editor.submit('/admin/editions', '/admin/sign-out');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    expect(res.headers.get('set-cookie')).toMatch(/^pp_console=;.*Max-Age=0/);
  });
});

describe('cross-site request forgery', () => {
  const create = { number: '99', title: 'Forged', date: '2026-11-30', body: 'Text.', language: 'en' };
  const editionCount = async () => (await t.deps.db.select().from(editions)).length;

  it('a cross-site POST with the session cookie is refused (403), and changes nothing', async () => {
    const editor = await signIn(t);
    const token = formTokenIn(await editor.html('/admin/editions/new'), '/admin/editions');
    const before = await editionCount();
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: '', 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const res = await editor.post('/admin/editions', { ...create, _csrf: token }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await editionCount()).toBe(before);
  });

  it('a same-origin POST without the form token, or with another session’s, is refused (403)', async () => {
    const editor = await signIn(t);
    const other = await signIn(t);
    const otherToken = formTokenIn(await other.html('/admin/editions/new'), '/admin/editions');
    const before = await editionCount();
    expect((await editor.post('/admin/editions', create)).status).toBe(403);
    expect((await editor.post('/admin/editions', { ...create, _csrf: otherToken })).status).toBe(403);
    // A token is for one form: the sign-out form's token does not create an edition.
    const signOutToken = formTokenIn(await editor.html('/admin/editions/new'), '/admin/sign-out');
    expect((await editor.post('/admin/editions', { ...create, _csrf: signOutToken })).status).toBe(403);
    expect(await editionCount()).toBe(before);
    const ok = await editor.submit('/admin/editions/new', '/admin/editions', create);
    expect(ok.status).toBe(303);
    expect(await editionCount()).toBe(before + 1);
  });

  it('a cross-site sign-in is refused (no login forgery)', async () => {
    expect((await signInPost(ADMIN_TOKEN, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('a POST without a session is refused, not redirected', async () => {
    const res = await t.app.request('/admin/editions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: encodeForm(create) });
    expect(res.status).toBe(401);
  });
});

describe('refusals are the console’s own', () => {
  // The app's not-found page is the reader's, in the reader's language; inside the console an
  // editor gets the console's page, and a program the API's JSON.
  it('an address the console does not serve is the console’s 404 page for a browser, JSON otherwise', async () => {
    const editor = await signIn(t);
    const res = await editor.get('/admin/nope', { accept: 'text/html', 'accept-language': 'es' });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toMatch(/<body class="console">/);
    expect(html).toMatch(/<h1>No such page<\/h1>/);
    expect(html).toMatch(/href="\/admin\/editions">Back to the editions/);
    const json = await editor.get('/admin/nope', { accept: 'application/json' });
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual({ error: { code: 'not_found', message: 'no such route' } });
    // Without a session, the browser is sent to sign in first, as everywhere in the console.
    expect((await t.app.request('/admin/nope', { headers: { accept: 'text/html' } })).status).toBe(303);
  });

  it('an oversize form is the console’s 413 page whatever the browser’s language, JSON otherwise', async () => {
    const editor = await signIn(t);
    const big = { description: 'x'.repeat(600 * 1024) };
    const res = await editor.post('/admin/personas', big, { accept: 'text/html', 'accept-language': 'es' });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toMatch(/<body class="console">/);
    expect(html).toMatch(/<h1>Too large<\/h1>/);
    const json = await editor.post('/admin/personas', big, { accept: 'application/json' });
    expect(json.status).toBe(413);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });
});

describe('the bearer-token API is unchanged', () => {
  it('takes the bearer token and ignores the console cookie', async () => {
    const editor = await signIn(t);
    expect((await t.admin('/editions')).status).toBe(200);
    const res = await t.app.request('/api/admin/editions', { headers: { cookie: editor.cookie } });
    expect(res.status).toBe(401);
  });
});
