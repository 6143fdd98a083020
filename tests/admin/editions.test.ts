/**
 * Admin editions: /api/admin/editions — create from Markdown with front matter or from JSON,
 * list, get, patch, delete. Bad input is a 4xx naming the problem and stores nothing; an
 * edition that is sending or sent cannot be edited or deleted.
 */
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editions, type EditionStatus } from '../../src/db/schema.js';
import { MAX_BODY_BYTES } from '../../src/editions/parse.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

interface EditionView {
  id: number;
  number: number;
  slug: string;
  title: string;
  dek: string;
  section: string;
  author: string;
  date: string;
  language: string;
  illustration: { src: string; alt: string; caption?: string } | null;
  next: { title: string; url: string } | null;
  tldr: string;
  body: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}


const allEditions = () => t.deps.db.select().from(editions).orderBy(editions.id);
const count = async () => (await t.deps.db.get<{ n: number }>(sql`select count(*) as n from editions`)).n;

const markdown = (frontMatter: string, body = '## What happened\n\nThe body, in **Markdown**.\n') => `---\n${frontMatter.trim()}\n---\n\n${body}`;

const EDITION_59 = markdown(`
number: 59
title: "GPT-5.5 just shipped. The question isn't which model wins — it's when to use which"
dek: "Three models, three jobs."
section: The AI Landscape
author: Germán Falcioni
date: 2026-04-28
illustration: { src: "https://cdn.example.com/0059.png", alt: "Three doors", caption: "Editorial illustration · AI-generated for edition #0059" }
tldr: "Pick the model by the job, not by the leaderboard."
next: { title: "Edition 60", url: "https://news.example.com/editions/60" }
`);

const postMarkdown = (text: string, type = 'text/markdown; charset=utf-8') =>
  t.admin('/editions', { method: 'POST', headers: { 'content-type': type }, body: text });

async function createMarkdown(text = EDITION_59): Promise<EditionView> {
  const res = await postMarkdown(text);
  expect(res.status).toBe(201);
  return (await res.json()) as EditionView;
}

const setStatus = (id: number, status: EditionStatus) => t.deps.db.update(editions).set({ status }).where(eq(editions.id, id));

describe('GET /editions', () => {
  it('lists the seed edition (a draft) without its body', async () => {
    const res = await t.admin('/editions');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: EditionView[] };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ number: 58, status: 'draft', title: expect.stringMatching(/^Amazon just bet \$25 billion/) });
    expect(data[0]).not.toHaveProperty('body');
    expect(data[0]).not.toHaveProperty('tldr');
  });

  it('lists the newest edition number first', async () => {
    await createMarkdown();
    const { data } = (await (await t.admin('/editions')).json()) as { data: EditionView[] };
    expect(data.map((e) => e.number)).toEqual([59, 58]);
  });
});

describe('POST /editions', () => {
  it('creates a draft from Markdown with front matter: 201, id at the top level, every field parsed', async () => {
    const e = await createMarkdown();
    expect(e).toMatchObject({
      number: 59,
      slug: '59-gpt-5-5-just-shipped-the-question-isnt-which-model-wins-its',
      title: "GPT-5.5 just shipped. The question isn't which model wins — it's when to use which",
      dek: 'Three models, three jobs.',
      section: 'The AI Landscape',
      author: 'Germán Falcioni',
      date: '2026-04-28',
      language: 'en',
      illustration: { src: 'https://cdn.example.com/0059.png', alt: 'Three doors', caption: 'Editorial illustration · AI-generated for edition #0059' },
      tldr: 'Pick the model by the job, not by the leaderboard.',
      next: { title: 'Edition 60', url: 'https://news.example.com/editions/60' },
      body: '## What happened\n\nThe body, in **Markdown**.\n',
      status: 'draft',
      createdAt: '2026-11-26T10:00:00.000Z',
    });
    expect(typeof e.id).toBe('number');
    const res = await t.admin(`/editions/${e.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject(e);
  });

  it('takes the seed edition file as editors write it', async () => {
    const { readSeedMarkdown } = await import('../../src/editions/seed.js');
    await t.admin(`/editions/${(await allEditions())[0].id}`, { method: 'DELETE' });
    const e = await createMarkdown(readSeedMarkdown());
    expect(e).toMatchObject({ number: 58, author: 'Germán Falcioni', date: '2026-04-21', illustration: { src: '/assets/editions/0058.png' } });
    expect(e.body).toMatch(/^The same week/);
  });

  it('creates from JSON fields, with defaults for the optional ones', async () => {
    const res = await t.admin('/editions', {
      method: 'POST',
      json: { number: 60, title: 'Sixty', date: '2026-05-05', body: 'Hello **world**' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      number: 60, slug: '60-sixty', title: 'Sixty', dek: '', section: '', author: '', tldr: '', language: 'en',
      illustration: null, next: null, body: 'Hello **world**', status: 'draft',
    });
  });

  it('creates from JSON {markdown}', async () => {
    const res = await t.admin('/editions', { method: 'POST', json: { markdown: EDITION_59 } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ number: 59, section: 'The AI Landscape' });
  });

  it.each([
    ['a missing title', markdown('number: 61\ndate: 2026-05-12'), 400, 'validation_error', /title/],
    ['an empty title', markdown('number: 61\ntitle: ""\ndate: 2026-05-12'), 400, 'validation_error', /title/],
    ['a missing number', markdown('title: T\ndate: 2026-05-12'), 400, 'validation_error', /number/],
    ['a number that is a word', markdown('number: sixty-one\ntitle: T\ndate: 2026-05-12'), 400, 'validation_error', /number/],
    ['a negative number', markdown('number: -1\ntitle: T\ndate: 2026-05-12'), 400, 'validation_error', /number/],
    ['a date that is not a date', markdown('number: 61\ntitle: T\ndate: next tuesday'), 400, 'validation_error', /date/],
    ['a title over two lines', markdown('number: 61\ntitle: "one\\ntwo"\ndate: 2026-05-12'), 400, 'validation_error', /title/],
    ['an unknown field', markdown('number: 61\ntitle: T\ndate: 2026-05-12\nsubtitle: oops'), 400, 'validation_error', /unknown field.*subtitle/],
    ['an unknown field inside illustration', markdown('number: 61\ntitle: T\ndate: 2026-05-12\nillustration: { src: /a.png, alt: A, width: 600 }'), 400, 'validation_error', /illustration.*width/],
    ['an illustration without alt text', markdown('number: 61\ntitle: T\ndate: 2026-05-12\nillustration: { src: /a.png }'), 400, 'validation_error', /illustration\.alt/],
    ['a javascript: link', markdown('number: 61\ntitle: T\ndate: 2026-05-12\nnext: { title: N, url: "javascript:alert(1)" }'), 400, 'validation_error', /next\.url/],
    ['malformed YAML', markdown('number: 61\ntitle: "unclosed\ndate: 2026-05-12'), 400, 'validation_error', /front matter: malformed YAML/],
    ['YAML that is not a mapping', markdown('- just\n- a list'), 400, 'validation_error', /front matter/],
    ['no front matter at all', '# Just a heading\n\nSome text.\n', 400, 'validation_error', /front matter/],
    ['an empty body', markdown('number: 61\ntitle: T\ndate: 2026-05-12', '\n'), 400, 'validation_error', /body/],
  ])('refuses %s and stores nothing', async (_what, text, status, code, mentions) => {
    const before = await allEditions();
    await expectError(await postMarkdown(text), status, code, mentions);
    expect(await allEditions()).toEqual(before);
  });

  it.each([
    ['malformed JSON', '{"number": 61, "title": ', 400, 'bad_request', /malformed JSON/],
    ['a number as a string', JSON.stringify({ number: '61', title: 'T', date: '2026-05-12', body: 'b' }), 400, 'validation_error', /number/],
    ['a title of the wrong type', JSON.stringify({ number: 61, title: ['T'], date: '2026-05-12', body: 'b' }), 400, 'validation_error', /title/],
    ['an unknown field', JSON.stringify({ number: 61, title: 'T', date: '2026-05-12', body: 'b', status: 'sent' }), 400, 'validation_error', /unknown field.*status/],
    ['markdown beside other fields', JSON.stringify({ markdown: EDITION_59, number: 3 }), 400, 'validation_error', /unknown field.*number/],
    ['markdown that is not a string', JSON.stringify({ markdown: 42 }), 400, 'validation_error', /markdown/],
    ['JSON null', 'null', 400, 'validation_error', /.+/],
  ])('refuses JSON with %s and stores nothing', async (_what, body, status, code, mentions) => {
    const res = await t.admin('/editions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await expectError(res, status, code, mentions);
    expect(await count()).toBe(1);
  });

  it('refuses another content type with 415', async () => {
    await expectError(await postMarkdown(EDITION_59, 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type', /text\/markdown/);
    expect(await count()).toBe(1);
  });

  it('refuses an oversize edition (Markdown or JSON) with a 4xx naming the body, and stores nothing', async () => {
    const front = 'number: 61\ntitle: Too long\ndate: 2026-05-12';
    // Over the request limit: refused while reading.
    await expectError(await postMarkdown(markdown(front, 'word '.repeat(60_000))), 413, 'payload_too_large', /body/);
    // Under the request limit, over the Markdown limit.
    await expectError(await postMarkdown(markdown(front, 'x'.repeat(MAX_BODY_BYTES + 30_000))), 413, 'payload_too_large', /body/);
    // Just over the body limit.
    await expectError(await postMarkdown(markdown(front, 'x'.repeat(MAX_BODY_BYTES + 1))), 400, 'validation_error', /body.*200000 bytes/);
    const json = { number: 61, title: 'Too long', date: '2026-05-12', body: 'é'.repeat(MAX_BODY_BYTES / 2 + 1) };
    await expectError(await t.admin('/editions', { method: 'POST', json }), 400, 'validation_error', /body/);
    const big = { ...json, body: 'x'.repeat(400_000) };
    await expectError(await t.admin('/editions', { method: 'POST', json: big }), 413, 'payload_too_large', /body/);
    expect(await count()).toBe(1);
    // Exactly at the limit is fine.
    expect((await postMarkdown(markdown(front, 'x'.repeat(MAX_BODY_BYTES)))).status).toBe(201);
  });

  it('refuses a second edition with the same slug (409) and keeps the first', async () => {
    const first = await createMarkdown();
    await expectError(await postMarkdown(EDITION_59), 409, 'conflict', /slug/);
    await expectError(
      await t.admin('/editions', { method: 'POST', json: { number: 99, slug: first.slug, title: 'Other', date: '2026-05-05', body: 'b' } }),
      409,
      'conflict',
      /slug/,
    );
    expect(await count()).toBe(2);
  });
});

describe('GET /editions/:id', () => {
  it('answers 404 for an unknown or malformed id', async () => {
    await expectError(await t.admin('/editions/9999'), 404, 'not_found', /edition/);
    await expectError(await t.admin('/editions/abc'), 404, 'not_found');
    await expectError(await t.admin('/editions/1.5'), 404, 'not_found');
    await expectError(await t.admin('/editions/99999999999999999999'), 404, 'not_found');
  });
});

describe('PATCH /editions/:id', () => {
  it('a JSON patch changes only the fields it names', async () => {
    const e = await createMarkdown();
    const [before] = await t.deps.db.select().from(editions).where(eq(editions.id, e.id));
    t.clock.advance(60_000);
    const res = await t.admin(`/editions/${e.id}`, { method: 'PATCH', json: { title: 'A better title' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ...e, title: 'A better title', updatedAt: '2026-11-26T10:01:00.000Z' });
    const [after] = await t.deps.db.select().from(editions).where(eq(editions.id, e.id));
    expect(after).toEqual({ ...before, title: 'A better title', updatedAt: '2026-11-26T10:01:00.000Z' });
  });

  it('patches nested fields and clears them with null', async () => {
    const e = await createMarkdown();
    const res = await t.admin(`/editions/${e.id}`, { method: 'PATCH', json: { illustration: null, next: { title: 'N', url: '/editions/60' }, language: 'es' } });
    expect(await res.json()).toMatchObject({ illustration: null, next: { title: 'N', url: '/editions/60' }, language: 'es', dek: e.dek });
  });

  it('Markdown replaces the whole edition: what the new text leaves out is gone', async () => {
    const e = await createMarkdown();
    const res = await t.admin(`/editions/${e.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/markdown' },
      body: markdown('number: 59\ntitle: Rewritten\ndate: 2026-04-29', 'New body.\n'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: e.id, slug: e.slug, title: 'Rewritten', date: '2026-04-29', body: 'New body.\n',
      dek: '', section: '', author: '', tldr: '', illustration: null, next: null,
    });
  });

  it('refuses bad patches and leaves the edition exactly as it was', async () => {
    const e = await createMarkdown();
    const other = await createMarkdown(markdown('number: 60\ntitle: Sixty\ndate: 2026-05-05'));
    const before = await allEditions();
    const patch = (json: unknown) => t.admin(`/editions/${e.id}`, { method: 'PATCH', json });
    await expectError(await patch({}), 400, 'validation_error', /nothing to change/);
    await expectError(await patch({ title: '' }), 400, 'validation_error', /title/);
    await expectError(await patch({ number: 'x' }), 400, 'validation_error', /number/);
    await expectError(await patch({ status: 'sent' }), 400, 'validation_error', /unknown field.*status/);
    await expectError(await patch({ body: 'x'.repeat(MAX_BODY_BYTES + 1) }), 400, 'validation_error', /body/);
    await expectError(await patch({ slug: other.slug }), 409, 'conflict', /slug/);
    await expectError(
      await t.admin(`/editions/${e.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"title":' }),
      400,
      'bad_request',
    );
    await expectError(
      await t.admin(`/editions/${e.id}`, { method: 'PATCH', headers: { 'content-type': 'text/markdown' }, body: markdown('number: 59\ndate: 2026-04-29') }),
      400,
      'validation_error',
      /title/,
    );
    await expectError(await t.admin('/editions/9999', { method: 'PATCH', json: { title: 'x' } }), 404, 'not_found');
    expect(await allEditions()).toEqual(before);
  });

  it.each(['sending', 'sent'] as const)('refuses to edit an edition that is %s (409), by JSON or Markdown', async (status) => {
    const e = await createMarkdown();
    await setStatus(e.id, status);
    const before = await allEditions();
    await expectError(await t.admin(`/editions/${e.id}`, { method: 'PATCH', json: { title: 'Too late' } }), 409, 'conflict', new RegExp(status));
    await expectError(
      await t.admin(`/editions/${e.id}`, { method: 'PATCH', headers: { 'content-type': 'text/markdown' }, body: EDITION_59 }),
      409,
      'conflict',
    );
    expect(await allEditions()).toEqual(before);
  });

  it('still edits a scheduled edition', async () => {
    const e = await createMarkdown();
    await setStatus(e.id, 'scheduled');
    const res = await t.admin(`/editions/${e.id}`, { method: 'PATCH', json: { dek: 'Changed before it goes out' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dek: 'Changed before it goes out', status: 'scheduled' });
  });
});

describe('DELETE /editions/:id', () => {
  it('deletes a draft: 204, then 404', async () => {
    const e = await createMarkdown();
    const res = await t.admin(`/editions/${e.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await count()).toBe(1);
    await expectError(await t.admin(`/editions/${e.id}`), 404, 'not_found');
    await expectError(await t.admin(`/editions/${e.id}`, { method: 'DELETE' }), 404, 'not_found');
  });

  it.each(['sending', 'sent'] as const)('refuses to delete an edition that is %s (409)', async (status) => {
    const e = await createMarkdown();
    await setStatus(e.id, status);
    await expectError(await t.admin(`/editions/${e.id}`, { method: 'DELETE' }), 409, 'conflict', new RegExp(status));
    expect(await count()).toBe(2);
  });
});
