/**
 * The request's media type: parsed (content-type from npm), lower-cased, parameters ignored, and
 * compared whole, so `APPLICATION/JSON; charset=UTF-8` is JSON and `application/jsonx` is not.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { mediaType } from '../../src/http/media-type.js';

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
