/**
 * Edition input, the small checks: links and images are http(s) URLs or paths on this site, dates
 * are days on the calendar (YAML would roll 2026-02-30 over to 2 March), and front matter is YAML
 * (gray-matter evaluates `---js` front matter as JavaScript). A refusal is a 400 naming the field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editions } from '../../src/db/schema.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const allEditions = () => t.deps.db.select().from(editions).orderBy(editions.id);
const markdown = (frontMatter: string) => `---\n${frontMatter.trim()}\n---\n\n## What happened\n\nThe body.\n`;
const postMarkdown = (text: string) => t.admin('/editions', { method: 'POST', headers: { 'content-type': 'text/markdown; charset=utf-8' }, body: text });
const withNext = (url: string) => markdown(`number: 61\ntitle: T\ndate: 2026-05-12\nnext: { title: N, url: ${JSON.stringify(url)} }`);
const withIllustration = (src: string) => markdown(`number: 61\ntitle: T\ndate: 2026-05-12\nillustration: { src: ${JSON.stringify(src)}, alt: A }`);

/** Links that must not leave an edition: other schemes, other sites, paths relative to nothing. */
const BAD_LINKS: [string, string][] = [
  ['a protocol-relative', '//evil.example/x'],
  ['a backslash (browsers read /\\ as //)', '/\\evil.example/x'],
  ['a tab (browsers drop it, leaving //)', '/\t/evil.example/x'],
  ['a javascript:', 'javascript:alert(1)'],
  ['a data:', 'data:text/html,<script>alert(1)</script>'],
  ['a relative', 'editions/60'],
  ['an ftp:', 'ftp://files.example.com/60'],
];

describe('edition input checks', () => {
  it('takes site-relative paths, http(s) URLs and a leap day', async () => {
    const res = await postMarkdown(markdown(`
number: 61
title: T
date: 2028-02-29
illustration: { src: /assets/editions/0061.png, alt: A }
next: { title: N, url: /editions/62-next }
`));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ date: '2028-02-29', illustration: { src: '/assets/editions/0061.png' }, next: { url: '/editions/62-next' } });
    const json = await t.admin('/editions', {
      method: 'POST',
      json: { number: 62, title: 'T', date: '2026-12-31', body: 'b', illustration: { src: 'HTTPS://cdn.example.com/a.png', alt: 'A' }, next: { title: 'N', url: 'http://news.example.com/e/63' } },
    });
    expect(json.status).toBe(201);
  });

  it.each([
    ['February 30th', markdown('number: 61\ntitle: T\ndate: 2026-02-30'), /date/],
    ['month 13', markdown('number: 61\ntitle: T\ndate: 2026-13-01'), /date/],
    ['April 31st', markdown('number: 61\ntitle: T\ndate: 2026-04-31'), /date/],
    ['April 31st, quoted', markdown('number: 61\ntitle: T\ndate: "2026-04-31"'), /date/],
    ['February 29th in a common year', markdown('number: 61\ntitle: T\ndate: 2027-02-29'), /date/],
    ...BAD_LINKS.flatMap(([what, url]): [string, string, RegExp][] => [
      [`${what} next.url`, withNext(url), /next\.url/],
      [`${what} illustration.src`, withIllustration(url), /illustration\.src/],
    ]),
    ['JavaScript front matter', '---js\n{ number: 61, title: "T", date: "2026-05-12" }\n---\n\nBody.\n', /front matter/],
    ['CoffeeScript front matter', '---coffee\nnumber: 61\n---\n\nBody.\n', /front matter/],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_what, text, mentions) => {
    const before = await allEditions();
    await expectError(await postMarkdown(text), 400, 'validation_error', mentions);
    expect(await allEditions()).toEqual(before);
  });

  it('checks JSON input and patches the same way', async () => {
    const before = await allEditions();
    const post = (json: unknown) => t.admin('/editions', { method: 'POST', json });
    await expectError(await post({ number: 61, title: 'T', date: '2026-02-30', body: 'b' }), 400, 'validation_error', /date/);
    await expectError(await post({ number: 61, title: 'T', date: '2026-05-12', body: 'b', next: { title: 'N', url: '//evil.example/x' } }), 400, 'validation_error', /next\.url/);
    const patch = (json: unknown) => t.admin('/editions/1', { method: 'PATCH', json });
    await expectError(await patch({ illustration: { src: '//evil.example/x.png', alt: 'A' } }), 400, 'validation_error', /illustration\.src/);
    await expectError(await patch({ date: '2026-04-31' }), 400, 'validation_error', /date/);
    expect(await allEditions()).toEqual(before);
  });
});

describe('readingTime', () => {
  it('is the editor’s number of minutes when the front matter sets it, null otherwise; the seed sets 9', async () => {
    const seed = (await (await t.admin('/editions/1')).json()) as { readingTime: number | null };
    expect(seed.readingTime).toBe(9);
    const set = await postMarkdown(markdown('number: 61\ntitle: T\ndate: 2026-05-12\nreadingTime: 12'));
    expect(set.status).toBe(201);
    const created = (await set.json()) as { id: number; readingTime: number | null };
    expect(created.readingTime).toBe(12);
    // Replacing the Markdown without it goes back to the computed time.
    const replaced = await t.admin(`/editions/${created.id}`, { method: 'PATCH', headers: { 'content-type': 'text/markdown' }, body: markdown('number: 61\ntitle: T\ndate: 2026-05-12') });
    expect(((await replaced.json()) as { readingTime: number | null }).readingTime).toBeNull();
    const json = await t.admin('/editions', { method: 'POST', json: { number: 62, title: 'T', date: '2026-12-31', body: 'b', readingTime: 4 } });
    expect(((await json.json()) as { readingTime: number }).readingTime).toBe(4);
  });

  it.each([['zero', '0'], ['a fraction', '2.5'], ['words', 'nine'], ['a day and more', '1441']])('refuses %s with a 400 naming readingTime', async (_what, value) => {
    const before = await allEditions();
    await expectError(await postMarkdown(markdown(`number: 61\ntitle: T\ndate: 2026-05-12\nreadingTime: ${value}`)), 400, 'validation_error', /readingTime/);
    expect(await allEditions()).toEqual(before);
  });
});
