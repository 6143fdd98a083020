import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscribers, suppressions, unsubscribes } from '../../src/db/schema.js';
import { emailHash } from '../../src/subscribers/email.js';
import { CONFIRM_TTL_MS } from '../../src/reader/tokens.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { activeSubscriber, BROWSER_ACCEPT, confirmLink, counts, markSent, postForm, postJson, sentDelivery, subscriberByEmail, tokenFor } from './helpers.js';
import { spellingVariants } from './token-spellings.js';

let t: TestApp;
let mail: RecordingMailer;
beforeEach(async () => {
  t = await makeTestApp();
  mail = t.mailer as RecordingMailer;
});
afterEach(() => t.close());

const path = (url: string) => new URL(url).pathname;

async function pending(email = 'p@example.com') {
  await postJson(t, '/api/subscribe', { email, name: 'Pia' });
  await t.drained();
  return { s: await subscriberByEmail(t.deps.db, email), link: path(confirmLink(mail.sent.at(-1)!.html)) };
}

/** The confirm form's POST, as the page's button sends it. */
const confirmPost = (link: string) => t.app.request(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER_ACCEPT }, body: '' });

describe('confirm links: GET /confirm/:token asks, POST confirms', () => {
  it('GET and HEAD show a "Confirm my subscription" button and change nothing (mail scanners follow links)', async () => {
    const { link } = await pending();
    for (const method of ['GET', 'HEAD', 'GET']) {
      const res = await t.app.request(link, { method });
      expect(res.status, method).toBe(200);
      if (method === 'GET') {
        const html = await res.text();
        expect(html).toContain(`<form method="post" action="${link}">`);
        expect(html).toMatch(/<button type="submit">Confirm my subscription<\/button>/);
        expect(html).toContain('p@example.com');
      }
    }
    expect(await subscriberByEmail(t.deps.db, 'p@example.com')).toMatchObject({ status: 'pending', confirmedAt: null });
  });

  it('POST activates a pending subscriber once', async () => {
    const { link } = await pending();
    const res = await confirmPost(link);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('You’re subscribed');
    expect(html).toMatch(/href="\/preferences\/[\w-]+\.[\w-]+"/);
    const s = await subscriberByEmail(t.deps.db, 'p@example.com');
    expect(s.status).toBe('active');
    expect(s.confirmedAt).toBe(t.clock.now().toISOString());
    for (const again of [await confirmPost(link), await t.app.request(link)]) {
      expect(again.status).toBe(200);
      const page = await again.text();
      expect(page).toContain('already subscribed');
      expect(page).not.toContain('<form');
    }
  });

  it('refuses forged, tampered, wrong-purpose, expired and revoked links on GET and POST, changing nothing', async () => {
    const { s, link } = await pending();
    const token = link.split('/').pop()!;
    const [body, mac] = token.split('.');
    const refused: [string, string, number][] = [
      ['garbage', '/confirm/not-a-token', 400],
      ['forged signature', `/confirm/${body}.${'A'.repeat(mac.length)}`, 400],
      ['tampered subscriber', `/confirm/${Buffer.from(Buffer.from(body, 'base64url').toString().replace(s.id, 'sub_000000000aaaaaaaaaaaaaaaaaaaa')).toString('base64url')}.${mac}`, 400],
      ['wrong purpose', `/confirm/${tokenFor(s, 'unsubscribe')}`, 400],
      ['confirm token without expiry', `/confirm/${tokenFor(s, 'confirm')}`, 400],
      ['overlong', `/confirm/${'a'.repeat(500)}`, 400],
      ['expired', `/confirm/${tokenFor(s, 'confirm', t.clock.now().getTime() - 1000)}`, 410],
      ['revoked (old version)', `/confirm/${tokenFor({ ...s, tokenVersion: s.tokenVersion - 1 }, 'confirm', t.clock.now().getTime() + CONFIRM_TTL_MS)}`, 410],
    ];
    for (const [what, url, status] of refused) {
      for (const res of [await t.app.request(url), await confirmPost(url)]) {
        expect(res.status, what).toBe(status);
        expect(res.headers.get('content-type'), what).toMatch(/text\/html/);
        expect(await res.text(), what).not.toContain('Confirm my subscription');
      }
    }
    expect((await subscriberByEmail(t.deps.db, 'p@example.com')).status).toBe('pending');
    // Expiry is real: the genuine link dies after 7 days.
    t.clock.advance(CONFIRM_TTL_MS + 1000);
    for (const late of [await t.app.request(link), await confirmPost(link)]) {
      expect(late.status).toBe(410);
      expect(await late.text()).toContain('expired');
    }
    expect((await subscriberByEmail(t.deps.db, 'p@example.com')).status).toBe('pending');
  });

  it('a bumped token version revokes an issued link', async () => {
    const { s, link } = await pending();
    await t.deps.db.update(subscribers).set({ tokenVersion: s.tokenVersion + 1 }).where(eq(subscribers.id, s.id));
    expect((await t.app.request(link)).status).toBe(410);
    expect((await confirmPost(link)).status).toBe(410);
    expect((await subscriberByEmail(t.deps.db, 'p@example.com')).status).toBe('pending');
  });

  it('an old confirm link cannot undo an unsubscribe (410 on GET and POST); a fresh one resubscribes', async () => {
    const { s, link } = await pending();
    await confirmPost(link);
    t.clock.advance(60_000);
    await t.app.request(`/unsubscribe/${tokenFor(s, 'unsubscribe')}`, { method: 'POST' });
    t.clock.advance(60_000);
    for (const stale of [await t.app.request(link), await confirmPost(link)]) {
      expect(stale.status).toBe(410);
      expect(await stale.text()).toContain('older than your unsubscribe');
    }
    expect((await subscriberByEmail(t.deps.db, 'p@example.com')).status).toBe('unsubscribed');
    // Past the per-address limit's 10 minutes since the first confirmation.
    t.clock.advance(10 * 60_000);
    await postJson(t, '/api/subscribe', { email: 'p@example.com' });
    await t.drained();
    const fresh = path(confirmLink(mail.sent.at(-1)!.html));
    const ask = await t.app.request(fresh);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Confirm my subscription');
    expect((await subscriberByEmail(t.deps.db, 'p@example.com')).status).toBe('unsubscribed');
    expect((await confirmPost(fresh)).status).toBe(200);
    expect(await subscriberByEmail(t.deps.db, 'p@example.com')).toMatchObject({ status: 'active', unsubscribedAt: null });
  });

  it('a suppressed address: 410 on GET and POST, nothing changes', async () => {
    const { s, link } = await pending();
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash(s.email), reason: 'bounce' });
    for (const res of [await t.app.request(link), await confirmPost(link)]) {
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('can’t send to this address');
    }
    expect((await subscriberByEmail(t.deps.db, 'p@example.com')).status).toBe('pending');
  });
});

describe('preferences', () => {
  it('shows and saves name, persona and language', async () => {
    const s = await activeSubscriber(t, 'pref@example.com', { name: 'Old' });
    const url = `/preferences/${tokenFor(s, 'preferences')}`;
    const page = await (await t.app.request(url)).text();
    expect(page).toContain('value="Old"');
    expect(page).toMatch(/value="everyday" checked=""/);
    expect(page).toContain('A business leader deciding budgets');
    expect(page).toMatch(/href="\/unsubscribe\/[\w-]+\.[\w-]+"/);
    const res = await postForm(t, url, { name: 'New Name', persona: 'investor', language: 'pt' });
    expect(res.status).toBe(200);
    const saved = await res.text();
    expect(saved).toContain('Saved.');
    expect(saved).toMatch(/value="investor" checked=""/);
    expect(saved).toMatch(/<option value="pt" selected=""/);
    expect(await subscriberByEmail(t.deps.db, 'pref@example.com')).toMatchObject({ name: 'New Name', persona: 'investor', language: 'pt' });
  });

  it('refuses bad values with the form again, saving nothing', async () => {
    const s = await activeSubscriber(t, 'pref@example.com', { name: 'Kept' });
    const url = `/preferences/${tokenFor(s, 'preferences')}`;
    for (const [fields, msg] of [
      [{ name: 'x'.repeat(101), persona: 'engineer' }, 'Name is longer than 100 characters.'],
      [{ name: 'ok', persona: '<script>x</script>' }, 'Persona: unknown persona &quot;&lt;script&gt;x&lt;/script&gt;&quot;'],
      [{ name: 'ok', language: 'klingon' }, 'Language: unknown language'],
    ] as [Record<string, string>, string][]) {
      const res = await postForm(t, url, fields);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(msg);
      expect(html).not.toContain('<script>x');
    }
    expect(await subscriberByEmail(t.deps.db, 'pref@example.com')).toMatchObject({ name: 'Kept', persona: 'everyday', language: 'en' });
  });

  it('escapes HTML in names', async () => {
    const s = await activeSubscriber(t, 'xss@example.com', { name: '"><script>alert(1)</script>' });
    const html = await (await t.app.request(`/preferences/${tokenFor(s, 'preferences')}`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('refuses other purposes, forged and revoked tokens', async () => {
    const s = await activeSubscriber(t, 'pref@example.com');
    expect((await t.app.request(`/preferences/${tokenFor(s, 'unsubscribe')}`)).status).toBe(400);
    expect((await t.app.request(`/preferences/${tokenFor(s, 'persona')}`)).status).toBe(400);
    expect((await t.app.request('/preferences/abc.def')).status).toBe(400);
    const old = tokenFor(s, 'preferences');
    await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { email: 'new-address@example.com' } });
    expect((await t.app.request(`/preferences/${old}`)).status).toBe(410);
    expect((await postForm(t, `/preferences/${old}`, { persona: 'investor' })).status).toBe(410);
    expect((await subscriberByEmail(t.deps.db, 'new-address@example.com')).persona).toBe('everyday');
  });
});

describe('POST /persona/:token (the web version’s "make this my default")', () => {
  it('sets the default persona', async () => {
    const s = await activeSubscriber(t, 'reader@example.com');
    const token = tokenFor(s, 'persona');
    const res = await postForm(t, `/persona/${token}`, { persona: 'engineer', edition: '58-some-slug' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Engineer');
    expect(html).toContain(`href="/editions/58-some-slug?as=engineer&amp;t=${token}"`);
    expect((await subscriberByEmail(t.deps.db, 'reader@example.com')).persona).toBe('engineer');
  });

  it('refuses unknown personas and bad tokens', async () => {
    const s = await activeSubscriber(t, 'reader@example.com');
    expect((await postForm(t, `/persona/${tokenFor(s, 'persona')}`, { persona: 'astronaut' })).status).toBe(400);
    expect((await postForm(t, `/persona/${tokenFor(s, 'preferences')}`, { persona: 'engineer' })).status).toBe(400);
    expect((await subscriberByEmail(t.deps.db, 'reader@example.com')).persona).toBe('everyday');
  });
});

describe('unsubscribe', () => {
  it('GET shows a confirm button and changes nothing', async () => {
    const s = await activeSubscriber(t, 'u@example.com');
    const token = tokenFor(s, 'unsubscribe');
    const res = await t.app.request(`/unsubscribe/${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<form method="post" action="/unsubscribe/${token}">`);
    expect(html).toContain('u@example.com');
    expect((await subscriberByEmail(t.deps.db, 'u@example.com')).status).toBe('active');
    expect((await counts(t.deps.db)).unsubscribes).toBe(0);
  });

  const oneClick = {
    'form-urlencoded (Gmail)': () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }),
    'multipart (Yahoo)': () => {
      const boundary = '----=_Part_1234_5678.1700000000000';
      return {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      };
    },
    'the page form (empty body, from a browser)': () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER_ACCEPT }, body: '' }),
  };
  for (const [how, make] of Object.entries(oneClick)) {
    it(`POST one-click, ${how}: 200 at once, no cookies, no Origin, no redirect`, async () => {
      const s = await activeSubscriber(t, 'u@example.com', { persona: 'engineer' });
      await markSent(t.deps.db);
      await sentDelivery(t.deps.db, s, 1, 0, 'prov-1', 'engineer');
      const { headers, body } = make();
      const res = await t.app.request(`/unsubscribe/${tokenFor(s, 'unsubscribe')}`, { method: 'POST', headers, body });
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('set-cookie')).toBeNull();
      if ('accept' in headers) {
        const html = await res.text();
        expect(html).toContain('You’re unsubscribed');
        expect(html).toMatch(/action="\/resubscribe\/[\w-]+\.[\w-]+"/);
      } else {
        // One-click senders send no Accept: they get JSON (RFC 8058 only asks for a 2xx).
        expect(await res.json()).toEqual({ status: 'unsubscribed' });
      }
      const after = await subscriberByEmail(t.deps.db, 'u@example.com');
      expect(after).toMatchObject({ status: 'unsubscribed', unsubscribedAt: t.clock.now().toISOString() });
      const rows = await t.deps.db.select().from(unsubscribes);
      expect(rows).toEqual([expect.objectContaining({ subscriberId: s.id, editionId: 1, persona: 'engineer' })]);
    });
  }

  it('is idempotent: a second POST answers 200 and records nothing more', async () => {
    const s = await activeSubscriber(t, 'u@example.com');
    const url = `/unsubscribe/${tokenFor(s, 'unsubscribe')}`;
    expect((await t.app.request(url, { method: 'POST' })).status).toBe(200);
    const again = await t.app.request(url, { method: 'POST', headers: { accept: BROWSER_ACCEPT } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('You’re not subscribed');
    const rows = await t.deps.db.select().from(unsubscribes);
    expect(rows).toEqual([expect.objectContaining({ editionId: null, persona: 'everyday' })]);
  });

  /** The token with the first character of its MAC changed (always a different MAC). */
  const tampered = (token: string) => {
    const dot = token.indexOf('.');
    return `${token.slice(0, dot + 1)}${token[dot + 1] === 'A' ? 'B' : 'A'}${token.slice(dot + 2)}`;
  };

  it('refuses bad tokens with an error page and changes nothing', async () => {
    const s = await activeSubscriber(t, 'u@example.com');
    for (const [url, status] of [
      [`/unsubscribe/${tokenFor(s, 'preferences')}`, 400],
      [`/unsubscribe/${tampered(tokenFor(s, 'unsubscribe'))}`, 400],
      [`/unsubscribe/${tokenFor({ ...s, tokenVersion: 7 }, 'unsubscribe')}`, 410],
    ] as [string, number][]) {
      const res = await t.app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(status);
    }
    expect((await subscriberByEmail(t.deps.db, 'u@example.com')).status).toBe('active');
    expect((await counts(t.deps.db)).unsubscribes).toBe(0);
  });

  it('refuses other spellings of a valid link (padding, + and /, trailing bits) and changes nothing', async () => {
    const s = await activeSubscriber(t, 'u@example.com');
    const token = tokenFor(s, 'unsubscribe');
    for (const [what, variant] of spellingVariants(token)) {
      const res = await t.app.request(`/unsubscribe/${encodeURIComponent(variant)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(res.status, `${what}: ${variant}`).toBe(400);
      expect((await t.app.request(`/preferences/${encodeURIComponent(variant)}`)).status, `preferences, ${what}`).toBe(400);
    }
    expect((await subscriberByEmail(t.deps.db, 'u@example.com')).status).toBe('active');
    expect((await counts(t.deps.db)).unsubscribes).toBe(0);
    expect((await t.app.request(`/unsubscribe/${token}`, { method: 'POST' })).status).toBe(200);
  });

  it('refuses a huge body with 413 and changes nothing', async () => {
    const s = await activeSubscriber(t, 'u@example.com');
    const res = await t.app.request(`/unsubscribe/${tokenFor(s, 'unsubscribe')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `List-Unsubscribe=One-Click&pad=${'x'.repeat(100_000)}`,
    });
    expect(res.status).toBe(413);
    expect((await subscriberByEmail(t.deps.db, 'u@example.com')).status).toBe('active');
  });

  it('the resubscribe button sends a fresh confirmation that reactivates', async () => {
    const s = await activeSubscriber(t, 'u@example.com');
    const token = tokenFor(s, 'unsubscribe');
    await t.app.request(`/unsubscribe/${token}`, { method: 'POST' });
    t.clock.advance(1000);
    const res = await postForm(t, `/resubscribe/${token}`, {});
    expect(res.status).toBe(202);
    expect(await res.text()).toContain('Check your inbox');
    expect((await subscriberByEmail(t.deps.db, 'u@example.com')).status).toBe('unsubscribed');
    await t.drained();
    expect(mail.sent).toHaveLength(1);
    expect((await confirmPost(path(confirmLink(mail.sent[0].html)))).status).toBe(200);
    expect((await subscriberByEmail(t.deps.db, 'u@example.com')).status).toBe('active');
    expect((await postForm(t, `/resubscribe/${tokenFor(s, 'preferences')}`, {})).status).toBe(400);
  });
});
