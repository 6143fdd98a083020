/**
 * The API reference at `/api/docs`: Swagger UI served by the app itself (no CDN: the test
 * machine has no internet, and neither may a reader's), under a CSP of its own that allows only
 * what the page needs, while every other route keeps the app-wide one. Rendered in headless
 * Chromium with a screenshot in tests/artifacts/, and used as an editor would: authorize with
 * the admin token, try an operation, read its answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeTestApp, type TestApp } from '../helpers/app.js';
import { startServer } from '../helpers/server.js';
import { ARTIFACTS, launchChromium, serveApp, skipBrowserTests, watchConsole } from '../web/browser-helpers.js';
import type { OpenApiDoc } from './helpers.js';

/** The app-wide policy (src/app.ts), which the docs route must leave as it is for everyone else. */
const APP_CSP = "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

/** A CSP header as a map of directive → sources. */
const directives = (csp: string | null) =>
  Object.fromEntries((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));

describe('GET /api/docs', () => {
  it('is a public page that loads Swagger UI from this app, under a CSP of its own', async () => {
    const res = await t.app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const s of sources) expect(s, 'same-origin, never a CDN').toMatch(/^\/[^/]/);
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script\s+(?![^>]*src=)/); // no inline script
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(Object.values(csp).flat()).not.toContain("'unsafe-eval'");
    expect(Object.values(csp).flat().filter((s) => /^https?:|^\*$/.test(s))).toEqual([]);
  });

  it('leaves the app-wide CSP on every other route', async () => {
    for (const path of ['/', '/api/openapi.json', '/healthz', '/editions']) {
      expect((await t.app.request(path)).headers.get('content-security-policy'), path).toBe(APP_CSP);
    }
    expect((await t.admin('/personas')).headers.get('content-security-policy')).toBe(APP_CSP);
  });

  it('serves the page script and Swagger UI files it names, and nothing else from the package', async () => {
    const html = await (await t.app.request('/api/docs')).text();
    for (const [, path] of html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(path.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(path.includes('swagger-ui') ? 10_000 : 100);
    }
    // Swagger UI's 1.7 MB script travels compressed, and revalidates by ETag.
    const bundle = await t.app.request('/api/docs/assets/swagger-ui-bundle.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(bundle.headers.get('content-encoding')).toBe('gzip');
    expect(bundle.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const tag = bundle.headers.get('etag');
    expect(tag).toBeTruthy();
    expect((await t.app.request('/api/docs/assets/swagger-ui-bundle.js', { headers: { 'if-none-match': tag! } })).status).toBe(304);
    expect(html.match(/(?:src|href)="[^"]+\.(?:js|css)"/g)?.length).toBe(3);
    for (const path of ['/api/docs/assets/package.json', '/api/docs/assets/index.html', '/api/docs/assets/..%2fpackage.json', '/api/docs/assets/.bin']) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
  });
});

it('is served by the service as `npm start` runs it (the bundle), files included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-docs-'));
  const server = await startServer({ DATABASE_PATH: join(dir, 'newsletter.db'), ADMIN_TOKEN }, undefined, 'bundle');
  try {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDoc;
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    const html = await (await fetch(`${server.url}/api/docs`)).text();
    for (const [, path] of html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
      const res = await fetch(server.url + path, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

describe.skipIf(skipBrowserTests('tests/openapi/docs-page.test.ts'))('the API reference in Chromium', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    server = await serveApp(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders every operation from this app alone, and tries one with the admin token', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as OpenApiDoc;
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchConsole(page);
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    await page.goto(`${server.url}/api/docs`);
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    // Polled: Swagger UI may still be rendering the rest when the first operation shows.
    await expect.poll(() => page.locator('.opblock').count()).toBe(operations);
    expect(await page.locator('.info .title').innerText()).toContain('Primera Plana admin API');
    await page.screenshot({ path: `${ARTIFACTS}api-docs.png`, fullPage: false });

    // Authorize with the bearer scheme, then try `GET /api/admin/personas`.
    await page.click('.auth-wrapper .authorize');
    await page.fill('.modal-ux input', ADMIN_TOKEN);
    await page.click('.modal-ux .auth-btn-wrapper .authorize');
    await page.click('.modal-ux .btn-done');
    const op = page.locator('#operations-Personas-listPersonas');
    await op.locator('.opblock-summary').click();
    await op.locator('.try-out__btn').click();
    await op.locator('.execute').click();
    await op.locator('.live-responses-table tbody .response-col_status').first().waitFor({ timeout: 10_000 });
    expect((await op.locator('.live-responses-table tbody .response-col_status').first().innerText()).trim()).toBe('200');
    expect(await op.locator('.live-responses-table .microlight').first().innerText()).toContain('"everyday"');
    await op.screenshot({ path: `${ARTIFACTS}api-docs-try-it.png` });

    // An operation with a body in several media types, and the schemas section, render too.
    const create = page.locator('#operations-Editions-createEdition');
    await create.locator('.opblock-summary').click();
    const types = create.locator('.opblock-section-request-body select');
    await types.waitFor();
    expect(await types.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['text/markdown', 'application/json']));
    await types.selectOption('text/markdown');
    await create.locator('.opblock-section-request-body .body-param__example, .opblock-section-request-body .microlight').first().waitFor();
    await create.screenshot({ path: `${ARTIFACTS}api-docs-create-edition.png` });
    await page.locator('section.models h4').click();
    const models = page.locator('section.models article[data-json-schema-level="0"]');
    await models.first().waitFor();
    await expect.poll(() => models.count()).toBe(Object.keys(doc.components.schemas).length);
    await models.locator('.json-schema-2020-12-expand-deep-button').first().click();
    await page.locator('section.models').screenshot({ path: `${ARTIFACTS}api-docs-schemas.png` });

    expect(elsewhere, 'requests to anything but this app').toEqual([]);
    expect(errors, 'console errors (CSP violations among them)').toEqual([]);
    await page.close();
  }, 60_000);
});
