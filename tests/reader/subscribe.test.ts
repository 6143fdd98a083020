import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suppressions } from '../../src/db/schema.js';
import { emailHash } from '../../src/subscribers/email.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { activeSubscriber, BROWSER_ACCEPT, confirmLink, counts, fromAddress, postForm, postJson, subscriberByEmail } from './helpers.js';

let t: TestApp;
let mail: RecordingMailer;
beforeEach(async () => {
  t = await makeTestApp();
  mail = t.mailer as RecordingMailer;
});
afterEach(() => t.close());

describe('POST /api/subscribe', () => {
  it('creates a pending subscriber and mails a 7-day confirm link', async () => {
    const res = await postJson(t, '/api/subscribe', { email: ' Ana@Example.com ', name: 'Ana', persona: 'engineer', language: 'es' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending' });
    const s = await subscriberByEmail(t.deps.db, 'ana@example.com');
    expect(s).toMatchObject({ status: 'pending', name: 'Ana', persona: 'engineer', language: 'es', source: 'web', confirmedAt: null });
    await t.drained();
    expect(mail.sent).toHaveLength(1);
    const [m] = mail.sent;
    expect(m.to).toBe('ana@example.com');
    // The confirmation speaks the language the reader chose.
    expect(m.subject).toBe('Confirma tu suscripción a Primera Plana');
    expect(confirmLink(m.html)).toMatch(/^https:\/\/news\.example\.com\/confirm\/[\w-]+\.[\w-]+$/);
    expect(m.text).toContain('/confirm/');
  });

  it('defaults persona to the default persona and language to en', async () => {
    await postJson(t, '/api/subscribe', { email: 'plain@example.com' });
    expect(await subscriberByEmail(t.deps.db, 'plain@example.com')).toMatchObject({ persona: 'everyday', language: 'en', name: null });
  });

  it('answers the same 202 for new, pending, active, unsubscribed and suppressed addresses', async () => {
    await activeSubscriber(t, 'active@example.com');
    const gone = await activeSubscriber(t, 'gone@example.com');
    await t.admin(`/subscribers/${gone.id}`, { method: 'PATCH', json: { status: 'unsubscribed' } });
    await postJson(t, '/api/subscribe', { email: 'pending@example.com' });
    await t.drained();
    // An hour later: past the per-address limit's 10 minutes.
    t.clock.advance(60 * 60_000);
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash('bounced@example.com'), reason: 'bounce' });
    mail.sent = [];
    const answers = [];
    for (const email of ['new@example.com', 'pending@example.com', 'active@example.com', 'gone@example.com', 'bounced@example.com']) {
      const res = await postJson(t, '/api/subscribe', { email });
      answers.push({ status: res.status, body: await res.text(), headers: [...res.headers.entries()].sort() });
    }
    await t.drained();
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 202, body: '{"status":"pending"}' });
    // What is mailed differs, privately: confirmations, a note for the active one, nothing for the suppressed one.
    const byTo = Object.fromEntries(mail.sent.map((m) => [m.to, m.subject]));
    expect(byTo).toEqual({
      'new@example.com': 'Confirm your subscription to Primera Plana',
      'pending@example.com': 'Confirm your subscription to Primera Plana',
      'gone@example.com': 'Confirm your subscription to Primera Plana',
      'active@example.com': "You're already subscribed to Primera Plana",
    });
    expect(mail.sent.find((m) => m.to === 'active@example.com')!.html).toContain('/preferences/');
    // A suppressed address gets no row either.
    await expect(subscriberByEmail(t.deps.db, 'bounced@example.com')).rejects.toThrow();
    // The unsubscribed reader stays unsubscribed until they confirm.
    expect((await subscriberByEmail(t.deps.db, 'gone@example.com')).status).toBe('unsubscribed');
  });

  it('a later request for a pending address changes nothing it stored', async () => {
    await postJson(t, '/api/subscribe', { email: 'p@example.com', name: 'Pat', persona: 'investor', language: 'es' });
    t.clock.advance(60 * 60_000);
    await postJson(t, '/api/subscribe', { email: 'p@example.com', name: 'Your account is locked', persona: 'executive', language: 'en' });
    expect(await subscriberByEmail(t.deps.db, 'p@example.com')).toMatchObject({ name: 'Pat', persona: 'investor', language: 'es', status: 'pending' });
  });

  it('the confirmation carries no text from the request: a stranger cannot write in it', async () => {
    const bait = 'Your account is locked, verify at https://evil.example/login';
    expect((await postJson(t, '/api/subscribe', { email: 'v@example.com', name: bait })).status).toBe(202);
    await t.drained();
    const [m] = mail.sent;
    expect(m.to).toBe('v@example.com');
    for (const part of [m.subject, m.html, m.text]) {
      expect(part).not.toContain('evil.example');
      expect(part).not.toContain('account is locked');
    }
  });

  it('never lets a name reach a mail header', async () => {
    const res = await postJson(t, '/api/subscribe', { email: 'h@example.com', name: 'Eve\r\nBcc: victim@example.com' });
    expect(res.status).toBe(400);
    await t.drained();
    expect(mail.sent).toHaveLength(0);
    await postJson(t, '/api/subscribe', { email: 'h2@example.com', name: 'Eve <evil@example.com>, Bcc: x@example.com' });
    await t.drained();
    const [m] = mail.sent;
    expect(m.to).toBe('h2@example.com');
    const headerText = [m.to, m.from, m.subject, m.replyTo ?? '', ...Object.entries(m.headers).flat()].join('\n');
    expect(headerText).not.toMatch(/Eve|Bcc|evil/);
    // Nor the body: an unconfirmed address gets nothing anyone typed.
    expect(m.html).not.toMatch(/Eve|evil/);
  });

  it('accepts a multipart form post from a browser and answers an HTML page', async () => {
    const form = new FormData();
    form.set('email', 'multi@example.com');
    form.set('persona', 'investor');
    const res = await t.app.request('/api/subscribe', { method: 'POST', body: form, headers: { accept: BROWSER_ACCEPT } }, fromAddress('203.0.113.9'));
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Check your inbox');
    expect((await subscriberByEmail(t.deps.db, 'multi@example.com')).persona).toBe('investor');
  });
});

describe('bad input is refused and nothing is written', () => {
  const cases: [string, unknown, string][] = [
    ['missing email', { name: 'x' }, 'email'],
    ['invalid email', { email: 'not-an-address' }, 'email'],
    ['email with spaces', { email: 'a b@example.com' }, 'email'],
    ['overlong email', { email: `${'a'.repeat(250)}@example.com` }, 'email'],
    ['email of the wrong type', { email: 42 }, 'email'],
    ['overlong name', { email: 'n@example.com', name: 'n'.repeat(101) }, 'name'],
    ['name with control characters', { email: 'n@example.com', name: 'a\u0000b' }, 'name'],
    ['unknown persona', { email: 'n@example.com', persona: 'astronaut' }, 'persona'],
    ['overlong persona', { email: 'n@example.com', persona: 'p'.repeat(300) }, 'persona'],
    ['unknown language', { email: 'n@example.com', language: 'xx' }, 'language'],
  ];
  for (const [what, body, field] of cases) {
    it(`JSON: ${what} → 400 naming ${field}`, async () => {
      const before = await counts(t.deps.db);
      const res = await postJson(t, '/api/subscribe', body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; field?: string; message: string } };
      expect(json.error.code).toBe('validation_error');
      expect(json.error.field).toBe(field);
      expect(json.error.message).toMatch(new RegExp(`^${field}`));
      expect(await counts(t.deps.db)).toEqual(before);
      expect(mail.sent).toHaveLength(0);
    });
  }

  it('form: an error page with the message, the values kept and escaped', async () => {
    const res = await postForm(t, '/api/subscribe', { email: '"><script>alert(1)</script>', name: '<b>Bo</b>' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Email address is not a valid address.');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;b&gt;Bo&lt;/b&gt;');
    expect((await counts(t.deps.db)).subscribers).toBe(0);
  });

  it('empty, malformed, non-object and huge bodies, and unknown content types', async () => {
    const before = await counts(t.deps.db);
    expect((await postJson(t, '/api/subscribe', '')).status).toBe(400);
    expect((await postJson(t, '/api/subscribe', '{"email":')).status).toBe(400);
    expect((await postJson(t, '/api/subscribe', '[1,2]')).status).toBe(400);
    expect((await postJson(t, '/api/subscribe', 'null')).status).toBe(400);
    expect((await postForm(t, '/api/subscribe', {})).status).toBe(400);
    const huge = await postJson(t, '/api/subscribe', { email: 'big@example.com', name: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const hugeForm = await postForm(t, '/api/subscribe', { email: 'big@example.com', pad: 'x'.repeat(200_000) });
    expect(hugeForm.status).toBe(413);
    expect(await hugeForm.text()).toContain('too large');
    const text = await t.app.request('/api/subscribe', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'a@example.com' }, fromAddress('192.0.2.77'));
    expect(text.status).toBe(415);
    expect(await counts(t.deps.db)).toEqual(before);
    expect(mail.sent).toHaveLength(0);
  });
});

describe('rate limit', () => {
  it('allows 10 subscribe requests per minute per client address, then 429 with retry-after', async () => {
    const from = '203.0.113.50';
    for (let i = 0; i < 10; i++) expect((await postJson(t, '/api/subscribe', { email: `r${i}@example.com` }, {}, from)).status).toBe(202);
    const refused = await postJson(t, '/api/subscribe', { email: 'r99@example.com' }, {}, from);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(60);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    await expect(subscriberByEmail(t.deps.db, 'r99@example.com')).rejects.toThrow();
    // Another address is not affected; the same one recovers when the window ends.
    expect((await postJson(t, '/api/subscribe', { email: 'other@example.com' }, {}, '203.0.113.51')).status).toBe(202);
    t.clock.advance(20_000);
    expect(Number((await postJson(t, '/api/subscribe', { email: 'r99@example.com' }, {}, from)).headers.get('retry-after'))).toBe(40);
    t.clock.advance(40_000);
    expect((await postJson(t, '/api/subscribe', { email: 'r99@example.com' }, {}, from)).status).toBe(202);
  });

  it('answers form posts with an HTML 429 page', async () => {
    const from = '203.0.113.60';
    for (let i = 0; i < 10; i++) await postForm(t, '/api/subscribe', { email: `f${i}@example.com` }, {}, from);
    const res = await postForm(t, '/api/subscribe', { email: 'f9@example.com' }, {}, from);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.text()).toContain('Please wait a moment');
  });

  it('is owned by the app instance, not shared between apps', async () => {
    const other = await makeTestApp();
    try {
      const from = '203.0.113.70';
      for (let i = 0; i < 10; i++) await postJson(t, '/api/subscribe', { email: `s${i}@example.com` }, {}, from);
      expect((await postJson(t, '/api/subscribe', { email: 's99@example.com' }, {}, from)).status).toBe(429);
      expect((await postJson(other, '/api/subscribe', { email: 's99@example.com' }, {}, from)).status).toBe(202);
    } finally {
      other.close();
    }
  });
});

describe('GET /', () => {
  it('shows the form with every persona, its description, and the language select', async () => {
    const res = await t.app.request('/', { headers: { 'accept-language': 'es-AR,es;q=0.9' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    // The browser's language decides the page's (tests/reader/pages-i18n.test.ts has the rest).
    expect(html).toMatch(/^<!doctype html><html lang="es">/);
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('action="/api/subscribe"');
    for (const label of ['Everyday reader', 'Executive', 'Engineer', 'Investor']) expect(html).toContain(label);
    expect(html).toContain('A software engineer who builds with AI models');
    expect(html).toMatch(/<option value="es" selected=""/);
    expect(html).toMatch(/value="everyday" checked=""/);
    expect(html).not.toMatch(/<script/i);
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
  });

  it('escapes persona labels and descriptions', async () => {
    await t.admin('/personas', {
      method: 'POST',
      json: { slug: 'hacker', label: '<script>alert("x")</script>', description: '<img src=x onerror=alert(1)> & more' },
    });
    const html = await (await t.app.request('/')).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; more');
  });
});
