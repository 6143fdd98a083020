/** The admin preview is exactly the email a reader of that persona and language gets. */
import { afterEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { subscribers } from '../../src/db/schema.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';
import { seedSubscribers } from '../helpers/seed.js';

let t: TestApp;
afterEach(() => t?.close());

it('previews html and text per persona and language, the same bytes a subscriber gets but for their own links', async () => {
  t = await makeTestApp({ config: { sendRate: 1000 } });
  await t.admin('/editions/1/tldrs/engineer?lang=en', { method: 'PUT', json: { text: 'The engineer’s TL;DR, written by the editor for people who build with these models every day.', why: 'Compute capacity is what you depend on.' } });
  const html = await t.admin('/editions/1/preview?as=engineer&lang=en&format=html');
  expect(html.status).toBe(200);
  expect(html.headers.get('content-type')).toMatch(/text\/html/);
  const page = await html.text();
  expect(page).toContain('The engineer’s TL;DR');
  expect(page).toContain('Hi Alex,');
  const text = await (await t.admin('/editions/1/preview?as=engineer&format=text')).text();
  expect(text).toContain('The engineer’s TL;DR');
  expect(text).not.toContain('<');

  // A real engineer subscriber gets the same email, with their own name and links.
  await seedSubscribers(t.deps.db, 1, { personas: ['engineer'] });
  await t.deps.db.update(subscribers).set({ name: 'Alex Reader', email: 'reader@example.com' }).where(eq(subscribers.email, 'reader0@example.com'));
  await t.admin('/editions/1/send', { method: 'POST', json: {} });
  await t.runner.idle();
  const sent = (t.mailer as RecordingMailer).sent[0];
  const strip = (s: string) => s.replace(/\/(unsubscribe|preferences)\/[A-Za-z0-9_.-]+/g, '/$1/T').replace(/\bt=[A-Za-z0-9_.-]+/g, 't=T');
  const firstDiff = (a: string, b: string) => [...a].findIndex((ch, i) => ch !== b[i]);
  expect(firstDiff(strip(sent.html), strip(page))).toBe(-1);
  expect(strip(sent.html).length).toBe(strip(page).length);
  expect(firstDiff(strip(sent.text), strip(text))).toBe(-1);
});

it('the HTML preview answers its own CSP (inline styles, remote images), not the app-wide one', async () => {
  t = await makeTestApp();
  const res = await t.admin('/editions/1/preview?format=html');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'");
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
});

it('refuses an unknown persona, language or format with a 400 naming it', async () => {
  t = await makeTestApp();
  await expectError(await t.admin('/editions/1/preview?as=nobody'), 400, 'validation_error', /as/);
  await expectError(await t.admin('/editions/1/preview?lang=xx'), 400, 'validation_error', /lang/);
  await expectError(await t.admin('/editions/1/preview?format=pdf'), 400, 'validation_error', /format/);
  await expectError(await t.admin('/editions/999/preview'), 404, 'not_found');
});

it('format=json shows the message a reader gets, and nothing of the adapter (no literal pieces, no caches)', async () => {
  t = await makeTestApp();
  const res = await t.admin('/editions/1/preview?as=engineer&format=json');
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  const shown = new Set(['from', 'to', 'replyTo', 'subject', 'headers', 'tags', 'html', 'text', 'persona', 'language']);
  expect(body).not.toHaveProperty('parts');
  expect(Object.keys(body).filter((k) => !shown.has(k))).toEqual([]);
  // Today's email is ~30 KB of HTML and its text; the pieces the adapter encodes doubled it (94 KB).
  const size = JSON.stringify(body).length;
  expect(size).toBeLessThan(((body.html as string).length + (body.text as string).length) * 1.2 + 4096);
});
