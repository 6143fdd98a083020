/**
 * The admin API's OpenAPI document (`GET /api/openapi.json`): valid OpenAPI 3.1, public, every
 * route the app mounts under /api/admin in it with its bodies, answers, errors and the bearer
 * scheme, and the README's curl examples valid against it.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/http/errors.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { documentValidator, HTTP_METHODS, openApiPath, type OpenApiDoc } from './helpers.js';
import { readmeAdminExamples } from './readme-examples.js';

const ROOT = resolve(import.meta.dirname, '../..');

let t: TestApp;
let doc: OpenApiDoc;

beforeAll(async () => {
  t = await makeTestApp();
  const res = await t.app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDoc;
});
afterAll(() => t?.close());

/** The operations the document describes, as `METHOD /path`. */
const documented = () =>
  Object.entries(doc.paths).flatMap(([path, item]) => HTTP_METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`));

describe('GET /api/openapi.json', () => {
  it('is public JSON, cacheable by ETag, and a valid OpenAPI 3.1 document', async () => {
    const res = await t.app.request('/api/openapi.json');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const tag = res.headers.get('etag');
    expect(tag).toBeTruthy();
    expect((await t.app.request('/api/openapi.json', { headers: { 'if-none-match': tag! } })).status).toBe(304);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every route the app mounts under /api/admin, and nothing else', () => {
    const mounted = new Set(
      t.app.routes
        .filter((r) => r.path.startsWith('/api/admin/') && r.method !== 'ALL')
        .map((r) => `${r.method} ${openApiPath(r.path)}`),
    );
    expect(mounted.size).toBeGreaterThan(20);
    expect([...mounted].filter((r) => !documented().includes(r)), 'routes missing from the document').toEqual([]);
    expect(documented().filter((r) => !mounted.has(r)), 'documented routes the app does not have').toEqual([]);
  });

  it('gives every operation an id, a summary, a tag, its path parameters, its answers and the 401 of the bearer scheme', () => {
    expect(doc.components.securitySchemes).toEqual({ adminToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(doc.security).toEqual([{ adminToken: [] }]);
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of HTTP_METHODS.filter((x) => item[x])) {
        const op = item[m]!;
        expect(op.operationId, `${m} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(op.operationId), `${op.operationId} is unique`).toBe(false);
        ids.add(op.operationId);
        expect(op.summary, `${m} ${path}`).toBeTruthy();
        expect(op.tags?.length, `${m} ${path}`).toBe(1);
        for (const name of path.match(/\{([^}]+)\}/g) ?? []) {
          expect(op.parameters, `${m} ${path} ${name}`).toContainEqual(expect.objectContaining({ in: 'path', name: name.slice(1, -1), required: true }));
        }
        expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${m} ${path} has a success answer`).toBe(true);
        expect(op.responses['401'], `${m} ${path}`).toEqual({ $ref: '#/components/responses/Unauthorized' });
      }
    }
  });

  it('describes the one error shape, with every error code, for each error status', () => {
    const error = doc.components.schemas.Error as { properties: { error: { properties: { code: { enum: string[] } }; required: string[] } } };
    expect(error.properties.error.properties.code.enum.sort()).toEqual(Object.keys(ERROR_STATUS).sort());
    expect(error.properties.error.required.sort()).toEqual(['code', 'message']);
    for (const name of ['BadRequest', 'Unauthorized', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType']) {
      expect(doc.components.responses[name]?.content?.['application/json']?.schema, name).toEqual({ $ref: '#/components/schemas/Error' });
    }
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));
    for (const status of ['400', '404', '409', '413', '415']) {
      expect(ops.some((op) => op.responses[status]), `some operation answers ${status}`).toBe(true);
    }
  });

  it('lists each body and answer under its media type: Markdown, CSV, multipart, SSE, HTML', () => {
    const v = documentValidator(doc);
    const body = (m: string, p: string) => Object.keys(v.operation(m, p).op.requestBody?.content ?? {});
    const answer = (m: string, p: string, s = '200') => Object.keys(v.operation(m, p).op.responses[s]?.content ?? {});
    expect(body('POST', '/api/admin/editions')).toEqual(expect.arrayContaining(['text/markdown', 'application/json']));
    expect(body('PATCH', '/api/admin/editions/1')).toEqual(expect.arrayContaining(['text/markdown', 'application/json']));
    expect(body('POST', '/api/admin/subscribers/import')).toEqual(expect.arrayContaining(['text/csv', 'multipart/form-data']));
    expect(answer('GET', '/api/admin/subscribers/export')).toEqual(['text/csv']);
    expect(answer('GET', '/api/admin/editions/1/progress')).toEqual(expect.arrayContaining(['application/json', 'text/event-stream']));
    expect(answer('GET', '/api/admin/editions/1/preview')).toEqual(expect.arrayContaining(['text/html', 'text/plain', 'application/json']));
    expect(answer('POST', '/api/admin/personas', '201')).toEqual(['application/json']);
    expect(Object.keys(v.operation('DELETE', '/api/admin/personas/x').op.responses)).toContain('204');
  });

  it('gives examples that validate against their own schemas', () => {
    const examples = documentValidator(doc).exampleProblems();
    expect(examples.length).toBeGreaterThanOrEqual(15);
    expect(examples.filter((e) => e.problems.length)).toEqual([]);
  });

  it('is generated from the schemas the handlers validate with: what it refuses, the API refuses', async () => {
    const v = documentValidator(doc);
    const cases: { body: unknown; ok: boolean }[] = [
      { body: { slug: 'student', label: 'Student', description: 'A university student who follows AI.' }, ok: true },
      { body: { slug: 'Not A Slug', label: 'Student', description: 'A university student who follows AI.' }, ok: false },
      { body: { slug: 'student2', label: 'Student', description: 'A university student who follows AI.', extra: 1 }, ok: false },
      { body: { slug: 'student3', label: 'Student' }, ok: false },
    ];
    for (const { body, ok } of cases) {
      expect(v.requestBody('POST', '/api/admin/personas', 'application/json', body).length === 0, JSON.stringify(body)).toBe(ok);
      const res = await t.admin('/personas', { method: 'POST', json: body });
      expect(res.status, JSON.stringify(body)).toBe(ok ? 201 : 400);
    }
    // An edition as JSON is its fields or the Markdown file as {markdown}; anything else is refused by both.
    expect(v.requestBody('POST', '/api/admin/editions', 'application/json', { markdown: '---\ntitle: x\n---\nBody' })).toEqual([]);
    expect(v.requestBody('POST', '/api/admin/editions', 'application/json', { markdown: 5 })).not.toEqual([]);
    const refused = await t.admin('/editions', { method: 'POST', json: { markdown: 5 } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: 'validation_error', message: 'markdown: must be a string', field: 'markdown' } });
    expect(v.queryParameters('GET', '/api/admin/subscribers?limit=1001')).not.toEqual([]);
    expect((await t.admin('/subscribers?limit=1001')).status).toBe(400);
    expect(v.queryParameters('GET', '/api/admin/subscribers?limit=1000&status=active')).toEqual([]);
  });
});

describe("the README's admin API examples", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const examples = readmeAdminExamples(readme);

  it('sit beside a link to the reference page', () => {
    expect(readme).toMatch(/\[[^\]]*\/api\/docs[^\]]*\]\(http:\/\/localhost:3000\/api\/docs\)/);
  });

  it('are found (one per curl line of the admin API section)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(25);
  });

  it('each go to a documented operation, with documented query parameters, media types and headers', () => {
    const v = documentValidator(doc);
    for (const ex of examples) {
      const { op, template } = v.operation(ex.method, ex.url);
      expect(v.queryParameters(ex.method, ex.url), ex.line).toEqual([]);
      if (ex.contentType) expect(Object.keys(op.requestBody?.content ?? {}), `${ex.line} → ${template}`).toContain(ex.contentType);
      if (ex.accept) expect(Object.keys(op.responses['200']?.content ?? {}), ex.line).toContain(ex.accept);
    }
  });

  it('send bodies that validate against the document', () => {
    const v = documentValidator(doc);
    let checked = 0;
    for (const ex of examples) {
      if (ex.body === undefined || !ex.contentType) continue;
      expect(v.requestBody(ex.method, ex.url, ex.contentType, ex.body), ex.line).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('point at files that exist when they upload one from the repository', () => {
    const files = examples.map((e) => e.file).filter((f): f is string => !!f && f.includes('/'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });
});
