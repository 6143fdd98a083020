/**
 * The console's subscriber, persona and settings pages over app.request, on a real SQLite file:
 * search, filters with their counts, cursor pages, edit, erase behind a confirmation, the CSV
 * import's row-error report and the export; personas listed, created, edited, made default and
 * deleted (readers move to the default); what is configured and what is missing.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { personas, subscribers } from '../../src/db/schema.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';
import { ORIGIN, signIn, textOf, type Editor } from './helpers.js';

let t: TestApp;
let ed: Editor;
afterEach(() => t?.close());

async function setup(options: Parameters<typeof makeTestApp>[0] = {}) {
  t = await makeTestApp(options);
  ed = await signIn(t);
}
const rows = (html: string) => [...html.matchAll(/<td><a href="\/admin\/subscribers\/(sub_[a-z0-9]+)">/g)].map((m) => m[1]);

describe('subscribers', () => {
  it('says so when there is nobody yet, with the ways to add people', async () => {
    await setup();
    const html = await ed.html('/admin/subscribers');
    expect(html).toMatch(/No subscribers yet/);
    expect(html).toMatch(/href="\/admin\/subscribers\/import"/);
    expect(html).toMatch(/href="\/admin\/subscribers\/new"/);
  });

  it('filters by status, persona and language with counts, pages by cursor, finds an address', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 130, { personas: ['engineer', 'investor'], languages: ['en', 'es'] });
    await seedSubscribers(t.deps.db, 3, { personas: ['engineer'], status: 'unsubscribed', prefix: 'gone' });
    let html = await ed.html('/admin/subscribers');
    expect(textOf(html, 'counts')).toMatch(/133 subscribers/);
    expect(textOf(html, 'counts')).toMatch(/130 active/);
    expect(textOf(html, 'counts')).toMatch(/3 unsubscribed/);
    const first = rows(html);
    expect(first).toHaveLength(50);
    const next = /<a[^>]*rel="next"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*rel="next"/.exec(html)!;
    html = await ed.html((next[1] ?? next[2]).replace(/&amp;/g, '&'));
    const second = rows(html);
    expect(second).toHaveLength(50);
    expect(second[0] > first[49]).toBe(true);
    html = await ed.html('/admin/subscribers?status=active&persona=engineer&language=en');
    expect(textOf(html, 'counts')).toMatch(/65 match/);
    expect(rows(html)).toHaveLength(50);
    html = await ed.html('/admin/subscribers?email=READER7%40example.com');
    expect(rows(html)).toHaveLength(1);
    expect(html).toContain('reader7@example.com');
    html = await ed.html('/admin/subscribers?email=nobody%40example.com');
    expect(html).toMatch(/Nobody matches/);
    const bad = await ed.get('/admin/subscribers?email=not-an-address');
    expect(bad.status).toBe(400);
    expect(textOf(await bad.text(), 'email-error')).toMatch(/valid address/);
  });

  it('adds one, edits it (errors beside the field), erases it behind a confirmation', async () => {
    await setup();
    let res = await ed.submit('/admin/subscribers/new', '/admin/subscribers/new', { email: 'ada@example.com', name: 'Ada', persona: 'engineer', language: 'es' });
    expect(res.status).toBe(303);
    const ada = (await t.deps.db.select().from(subscribers).where(eq(subscribers.email, 'ada@example.com')).get())!;
    expect(ada).toMatchObject({ name: 'Ada', persona: 'engineer', language: 'es', status: 'active' });
    res = await ed.submit(`/admin/subscribers/${ada.id}`, `/admin/subscribers/${ada.id}`, { email: 'ada@example.com', name: 'Ada L.', persona: 'investor', language: 'en', status: 'active' });
    expect(res.status).toBe(303);
    expect((await t.deps.db.select().from(subscribers).where(eq(subscribers.id, ada.id)).get())).toMatchObject({ name: 'Ada L.', persona: 'investor', language: 'en' });
    res = await ed.submit(`/admin/subscribers/${ada.id}`, `/admin/subscribers/${ada.id}`, { email: 'not an address', name: 'Ada', persona: 'investor', language: 'en', status: 'active' });
    expect(res.status).toBe(400);
    expect(textOf(await res.text(), 'email-error')).toMatch(/valid address/);
    const confirm = await ed.html(`/admin/subscribers/${ada.id}/erase`);
    expect(confirm).toMatch(/ada@example\.com/);
    expect(confirm).toMatch(/cannot be undone/);
    res = await ed.submit(`/admin/subscribers/${ada.id}/erase`, `/admin/subscribers/${ada.id}/erase`);
    expect(res.status).toBe(303);
    expect(await t.deps.db.select().from(subscribers).where(eq(subscribers.id, ada.id)).get()).toBeUndefined();
  });

  it('imports a CSV (multipart, as the form sends it) and shows the row-error report', async () => {
    await setup();
    const html = await ed.html('/admin/subscribers/import');
    // The token rides in the action: the body streams through to the API unread.
    const action = /<form[^>]*action="(\/admin\/subscribers\/import\?_csrf=[^"]+)"/.exec(html)![1];
    const form = () => {
      const f = new FormData();
      f.set('file', new File(['email,name,persona\nok1@example.com,One,engineer\nnot-an-address,Bad,engineer\nok2@example.com,Two,astronaut\n'], 'list.csv', { type: 'text/csv' }));
      return f;
    };
    const post = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { method: 'POST', headers: { origin: ORIGIN, cookie: ed.cookie, ...headers }, body: form() });
    expect((await post('/admin/subscribers/import')).status).toBe(403);
    expect((await post(action, { origin: 'https://evil.example' })).status).toBe(403);
    const res = await post(action);
    expect(res.status).toBe(200);
    const report = textOf(await res.text(), 'import-report');
    expect(report).toMatch(/3 rows/);
    expect(report).toMatch(/1 imported/);
    expect(report).toMatch(/2 failed/);
    expect(report).toMatch(/3 not-an-address/);
    expect(report).toMatch(/4 ok2@example\.com .*astronaut/);
    expect(report).toMatch(/by reason: invalid email 1 · unknown persona 1/);
    // Nothing was imported twice, and the refused posts imported nothing.
    expect((await t.deps.db.select().from(subscribers)).length).toBe(1);
  });

  it('an upload over the API’s limit is refused (413) as it streams', async () => {
    await setup();
    const action = /<form[^>]*action="(\/admin\/subscribers\/import\?_csrf=[^"]+)"/.exec(await ed.html('/admin/subscribers/import'))![1];
    const post = (accept: string) =>
      t.app.request(action, {
        method: 'POST',
        headers: { origin: ORIGIN, cookie: ed.cookie, accept, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(65 * 1024 * 1024) },
        body: '--x--',
      });
    // A browser gets the console's page; anyone else the API's error.
    let res = await post('text/html,application/xhtml+xml,*/*;q=0.8');
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/limited to 64 MB/);
    res = await post('*/*');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('exports the list as CSV', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 3);
    const res = await ed.get('/admin/subscribers/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="subscribers-2026-11-26\.csv"/);
    expect((await res.text()).trim().split('\n')).toHaveLength(4);
  });
});

describe('personas', () => {
  it('says so when there is none', async () => {
    await setup({ seed: false });
    expect(await ed.html('/admin/personas')).toMatch(/No personas yet/);
  });

  it('lists each with its description large and its readers; create, edit, make default, delete (readers move)', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 5, { personas: ['investor'] });
    const html = await ed.html('/admin/personas');
    expect(textOf(html, 'persona-investor')).toMatch(/5 readers/);
    expect(html).toMatch(/class="description"/);
    let res = await ed.submit('/admin/personas/new', '/admin/personas/new', { slug: 'student', label: 'Student', description: 'short' });
    expect(res.status).toBe(400);
    expect(textOf(await res.text(), 'description-error')).toMatch(/at least 10 characters/);
    res = await ed.submit('/admin/personas/new', '/admin/personas/new', { slug: 'student', label: 'Student', description: 'A university student who follows AI for their studies.' });
    expect(res.status).toBe(303);
    res = await ed.submit('/admin/personas/student', '/admin/personas/student', { label: 'University student', description: 'A university student who follows AI for their degree.' });
    expect(res.status).toBe(303);
    expect(await t.deps.db.select().from(personas).where(eq(personas.slug, 'student')).get()).toMatchObject({ label: 'University student' });
    res = await ed.submit('/admin/personas', '/admin/personas/student/default');
    expect(res.status).toBe(303);
    expect((await t.deps.db.select().from(personas).where(eq(personas.isDefault, true))).map((p) => p.slug)).toEqual(['student']);
    const confirm = await ed.html('/admin/personas/investor/delete');
    expect(confirm).toMatch(/5 readers move to University student/);
    res = await ed.submit('/admin/personas/investor/delete', '/admin/personas/investor/delete');
    expect(res.status).toBe(303);
    expect((await t.deps.db.select().from(subscribers)).every((s) => s.persona === 'student')).toBe(true);
    // The default cannot be deleted: the API says why.
    res = await ed.submit('/admin/personas/student/delete', '/admin/personas/student/delete');
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/default persona cannot be deleted/);
  });
});

describe('settings', () => {
  it('says what is configured and what is missing, with the variable to set', async () => {
    await setup({ env: { MAIL_FROM: 'News <news@example.com>' } });
    const html = await ed.html('/admin/settings');
    expect(textOf(html, 'setting-resend')).toMatch(/Missing.*RESEND_API_KEY/);
    expect(textOf(html, 'setting-webhook')).toMatch(/Missing.*RESEND_WEBHOOK_SECRET/);
    expect(textOf(html, 'setting-anthropic')).toMatch(/Missing.*ANTHROPIC_API_KEY/);
    expect(textOf(html, 'setting-sender')).toMatch(/Set.*news@example\.com/);
    expect(textOf(html, 'setting-postal')).toMatch(/Set.*1 Test Street/);
    expect(html).not.toContain(t.deps.config.adminToken);
    expect(html).not.toContain(t.deps.config.tokenSecret);
  });

  it('knows a Resend key is set from the environment, without showing it', async () => {
    await setup({ env: { RESEND_API_KEY: 're_secret_key_123' } });
    const html = await ed.html('/admin/settings');
    expect(textOf(html, 'setting-resend')).toMatch(/^Resend API key Set/);
    expect(html).not.toContain('re_secret_key_123');
  });
});
