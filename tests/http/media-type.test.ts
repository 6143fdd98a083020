/**
 * The request's media type: parsed (content-type from npm), lower-cased, parameters ignored, and
 * compared whole, so `APPLICATION/JSON; charset=UTF-8` is JSON and `application/jsonx` is not.
 */
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaType } from '../../src/http/media-type.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';
import { freshIp, subscriberByEmail } from '../reader/helpers.js';

const app = new Hono().post('/', (c) => c.json({ type: mediaType(c) }));
/** No header means no body either: a string body would get `text/plain` from fetch itself. */
const typeOf = async (header?: string) =>
  ((await (await app.request('/', header === undefined ? { method: 'POST' } : { method: 'POST', body: 'x', headers: { 'content-type': header } })).json()) as { type: string }).type;

describe('mediaType', () => {
  it.each([
    ['APPLICATION/JSON; charset=UTF-8', 'application/json'],
    ['application/json', 'application/json'],
    ['Text/Markdown;charset=utf-8', 'text/markdown'],
    [' text/csv ; header=present', 'text/csv'],
    // Parameters are not judged: real clients send boundaries like this one unquoted.
    ['multipart/form-data; boundary=----=_Part_1234_5678.1700000000000', 'multipart/form-data'],
  ])('reads %j as %s', async (header, type) => {
    expect(await typeOf(header)).toBe(type);
  });

  it.each([
    ['application/jsonx', 'application/jsonx'],
    ['text/markdownx', 'text/markdownx'],
    ['application/json-patch', 'application/json-patch'],
    ['xapplication/json', 'xapplication/json'],
  ])('keeps %j whole, so it matches no other type', async (header, type) => {
    expect(await typeOf(header)).toBe(type);
  });

  it.each(['application/json garbage', 'application/json, text/html', '"application/json"', 'application /json', 'application', 'application/', '/json', 'appli(cation)/json', ''])(
    'reads the malformed %j as no type at all',
    async (header) => {
      expect(await typeOf(header)).toBe('');
    },
  );

  it('is empty without a Content-Type', async () => {
    expect(await typeOf()).toBe('');
  });
});

/** Every route that reads a body goes through mediaType: JSON, JSON-or-form, edition text, CSV import. */
describe('routes read the media type', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp();
  });
  afterEach(() => t.close());

  const post = (path: string, type: string, body: string) =>
    t.app.request(path, { method: 'POST', headers: { 'content-type': type, 'x-forwarded-for': freshIp() }, body });
  const admin = (path: string, type: string, body: string) => t.admin(path, { method: 'POST', headers: { 'content-type': type }, body });
  const persona = (slug: string) => JSON.stringify({ slug, label: 'L', description: 'A reader who tests content types.' });
  const edition = (number: number) => JSON.stringify({ number, title: 'T', date: '2026-05-05', body: 'b' });

  it('JSON (readJson): any case and parameters accepted, a longer or malformed type is 415', async () => {
    expect((await admin('/personas', 'APPLICATION/JSON; charset=UTF-8', persona('upper'))).status).toBe(201);
    for (const type of ['application/jsonx', 'xapplication/json', 'text/plain; x=application/json', 'application/json garbage']) {
      await expectError(await admin('/personas', type, persona('never')), 415, 'unsupported_media_type', /application\/json/);
    }
  });

  it('JSON or form (readJsonOrForm, the subscribe form)', async () => {
    const json = await post('/api/subscribe', 'APPLICATION/JSON; charset=UTF-8', JSON.stringify({ email: 'upper@example.com' }));
    expect(json.status).toBe(202);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    const form = await post('/api/subscribe', 'Application/X-WWW-Form-Urlencoded; Charset=UTF-8', 'email=form%40example.com');
    expect(form.status).toBe(202);
    // No Accept: JSON, whatever the body's type (a browser's form post asks for HTML).
    expect(form.headers.get('content-type')).toMatch(/application\/json/);
    for (const type of ['application/jsonx', 'text/plain; note=application/json', 'application/x-www-form-urlencodedx', 'multipart/form-datax; boundary=b']) {
      expect((await post('/api/subscribe', type, JSON.stringify({ email: 'typo@example.com' }))).status, type).toBe(415);
    }
    expect((await subscriberByEmail(t.deps.db, 'upper@example.com')).status).toBe('pending');
    expect((await subscriberByEmail(t.deps.db, 'form@example.com')).status).toBe('pending');
  });

  it('edition text or JSON', async () => {
    const text = `---\nnumber: 60\ntitle: T\ndate: 2026-05-05\n---\n\nBody.\n`;
    expect((await admin('/editions', 'TEXT/MARKDOWN; charset=UTF-8', text)).status).toBe(201);
    expect((await admin('/editions', 'APPLICATION/JSON; charset=UTF-8', edition(61))).status).toBe(201);
    for (const type of ['text/markdownx', 'text/plainx', 'application/jsonx', 'text/markdown-ish; charset=utf-8']) {
      await expectError(await admin('/editions', type, edition(62)), 415, 'unsupported_media_type', /text\/markdown/);
    }
  });

  it('CSV import', async () => {
    const res = await admin('/subscribers/import', 'TEXT/CSV; charset=UTF-8; header=present', 'email\ncased@example.com\n');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ imported: 1 });
    for (const type of ['text/csvx', 'application/csv-ish', 'image/png; x=multipart/form-data', 'text/csv garbage']) {
      await expectError(await admin('/subscribers/import', type, 'email\na@b.co\n'), 415, 'unsupported_media_type', /text\/csv/);
    }
  });
});
