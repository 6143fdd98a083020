/**
 * GET /assets/*: the edition illustrations load cross-origin (mail clients that render in a
 * browser engine), cache for a week and revalidate with an ETag, and nothing outside the folder
 * — or hidden in it — is ever served.
 */
import { Hono } from 'hono';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorResponse } from '../../src/http/errors.js';
import { assetRoutes } from '../../src/web/assets.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const IMAGE = '/assets/editions/0058.png';

async function expectNotFound(res: Response, what: string) {
  expect(res.status, what).toBe(404);
  expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
  expect(((await res.json()) as { error: { code: string } }).error.code, what).toBe('not_found');
}

describe('an edition illustration', () => {
  it('answers CORP cross-origin, a week of cache and a strong ETag, with the other secure headers kept', async () => {
    const res = await t.app.request(IMAGE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=604800, must-revalidate');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('the rest of the app keeps CORP same-origin', async () => {
    expect((await t.app.request('/healthz')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect((await t.app.request('/editions')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect((await t.app.request('/assets/editions/nope.png')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('answers 304 with no body to a matching If-None-Match (alone, in a list, or weak), 200 to another', async () => {
    const etag = (await t.app.request(IMAGE)).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `"other", ${etag}`, `W/${etag}`]) {
      const res = await t.app.request(IMAGE, { headers: { 'if-none-match': ifNoneMatch } });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe('public, max-age=604800, must-revalidate');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    }
    expect((await t.app.request(IMAGE, { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);
  });

  it('has the same ETag from another app instance (it names the content, not the process)', async () => {
    const other = await makeTestApp();
    try {
      const a = (await t.app.request(IMAGE)).headers.get('etag');
      expect((await other.app.request(IMAGE)).headers.get('etag')).toBe(a);
    } finally {
      other.close();
    }
  });

  it('serves the favicon as SVG', async () => {
    const res = await t.app.request('/assets/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
  });
});

describe('what is never served', () => {
  let root: string;
  let app: Hono;
  beforeAll(() => {
    // A folder that holds what must stay hidden: a dot-file, a dot-folder, a file beside the root.
    const base = mkdtempSync(join(tmpdir(), 'pp-assets-'));
    root = join(base, 'assets');
    mkdirSync(join(root, 'editions'), { recursive: true });
    mkdirSync(join(root, '.git'), { recursive: true });
    mkdirSync(join(root, 'folder.png'), { recursive: true });
    writeFileSync(join(root, 'editions', 'ok.png'), 'png bytes');
    writeFileSync(join(root, '.env.png'), 'SECRET=1');
    writeFileSync(join(root, '.git', 'config.png'), 'secret');
    writeFileSync(join(base, 'secret.png'), 'outside the root');
    app = new Hono().onError((err, c) => errorResponse(err, c, () => {})).route('/', assetRoutes(root));
  });
  afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  it('serves a plain file of the folder', async () => {
    const res = await app.request('/assets/editions/ok.png');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('png bytes');
  });

  it.each([
    ['a dot-file', '/assets/.env.png'],
    ['a file in a dot-folder', '/assets/.git/config.png'],
    ['an encoded dot-file', '/assets/%2eenv.png'],
    ['encoded traversal', '/assets/editions/..%2f..%2fsecret.png'],
    ['encoded dots and slashes', '/assets/editions/%2e%2e%2f%2e%2e%2fsecret.png'],
    ['double-encoded traversal', '/assets/editions/%252e%252e%252fsecret.png'],
    ['a backslash', '/assets/editions%5c..%5c..%5csecret.png'],
    ['a NUL', '/assets/editions/ok.png%00.png'],
    ['an empty segment', '/assets/editions//ok.png'],
    ['an unknown type', '/assets/editions/ok.exe'],
    ['a missing file', '/assets/editions/nope.png'],
    ['a folder', '/assets/folder.png'],
    ['malformed encoding', '/assets/editions/%E0%A4%A.png'],
  ])('%s is a JSON 404', async (what, path) => {
    await expectNotFound(await app.request(path), what);
  });

  it('traversal the URL parser resolves lands outside /assets and is a 404 too', async () => {
    for (const path of ['/assets/../package.json', '/assets/%2e%2e/package.json']) {
      await expectNotFound(await t.app.request(path), path);
    }
  });
});
