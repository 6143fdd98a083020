/**
 * Real answers of the running app, checked against the document it serves: for a walk through
 * the admin API (personas, subscribers with an import and an export, editions in Markdown and
 * JSON, TL;DRs, preview in three formats, test copy, send, progress as JSON and as a stream,
 * cancel, stats) and its refusals (400, 401, 404, 409, 413, 415), each status must be documented
 * for its operation and each body must fit the documented schema of its media type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { documentValidator, type OpenApiDoc } from './helpers.js';

let t: TestApp;
let doc: OpenApiDoc;
let v: ReturnType<typeof documentValidator>;
const seen: string[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  doc = (await (await t.app.request('/api/openapi.json')).json()) as OpenApiDoc;
  v = documentValidator(doc);
});
afterAll(() => t?.close());

/** Calls the admin API and checks the answer against the document; returns the answer. */
async function call(method: string, path: string, init: RequestInit & { json?: unknown; auth?: false } = {}, expected?: number) {
  const req = { ...init, method };
  const res = init.auth === false ? await t.app.request(`/api/admin${path}`, req) : await t.admin(path, req);
  if (expected !== undefined) expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBe(expected);
  await v.expectDocumentedAnswer(method, `/api/admin${path}`, res.clone());
  seen.push(`${method} ${v.operation(method, `/api/admin${path}`).template} ${res.status}`);
  return res;
}
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;

describe('real answers fit the document', () => {
  it('personas', async () => {
    await call('GET', '/personas', {}, 200);
    const description = 'A university student who follows AI for their studies.';
    await call('POST', '/personas', { json: { slug: 'student', label: 'Student', description } }, 201);
    await call('POST', '/personas', { json: { slug: 'student', label: 'Student', description } }, 409);
    await call('POST', '/personas', { json: { slug: 'Student!', label: 'Student', description } }, 400);
    await call('POST', '/personas', { body: 'slug=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415);
    await call('POST', '/personas', { body: JSON.stringify({ description: 'x'.repeat(20_000) }), headers: { 'content-type': 'application/json' } }, 413);
    await call('GET', '/personas/student', {}, 200);
    await call('GET', '/personas/nobody', {}, 404);
    await call('PATCH', '/personas/student', { json: { label: 'University student' } }, 200);
    await call('DELETE', '/personas/student', {}, 204);
    await call('GET', '/personas', { auth: false }, 401);
  });

  it('subscribers, with an import and an export', async () => {
    const ada = await json(await call('POST', '/subscribers', { json: { email: 'ada@example.com', name: 'Ada', persona: 'engineer', language: 'es' } }, 201));
    await call('POST', '/subscribers', { json: { email: 'grace@example.com', status: 'active' } }, 201);
    await call('POST', '/subscribers', { json: { email: 'ada@example.com' } }, 409);
    await call('POST', '/subscribers', { json: { email: 'not an address' } }, 400);
    const page = await json<{ nextCursor: string }>(await call('GET', '/subscribers?limit=1', {}, 200));
    expect(page.nextCursor).toBeTruthy();
    await call('GET', `/subscribers?cursor=${page.nextCursor}`, {}, 200);
    await call('GET', '/subscribers?status=nope', {}, 400);
    await call('GET', `/subscribers/${ada.id}`, {}, 200);
    await call('PATCH', `/subscribers/${ada.id}`, { json: { persona: 'investor' } }, 200);
    const csv = 'email,name,persona\nlin@example.com,Lin,engineer\nbad-address,Bad,engineer\nlin@example.com,Lin,engineer\n';
    await call('POST', '/subscribers/import', { body: csv, headers: { 'content-type': 'text/csv' } }, 200);
    const form = new FormData();
    form.set('file', new Blob(['email\nmo@example.com\n'], { type: 'text/csv' }), 'list.csv');
    await call('POST', '/subscribers/import', { body: form }, 200);
    await call('POST', '/subscribers/import', { body: '{}', headers: { 'content-type': 'application/json' } }, 415);
    await call('GET', '/subscribers/export', {}, 200);
    await call('DELETE', `/subscribers/${ada.id}`, {}, 204);
    await call('GET', `/subscribers/${ada.id}`, {}, 404);
  });

  it('editions, their TL;DRs, preview and test copy', async () => {
    await call('GET', '/editions', {}, 200);
    const md = '---\nnumber: 59\ntitle: "A second edition"\ndate: 2026-04-28\n---\nBody with **Markdown**.\n';
    await call('POST', '/editions', { body: md, headers: { 'content-type': 'text/markdown' } }, 201);
    await call('POST', '/editions', { json: { number: 60, title: 'Third', date: '2026-05-05', body: 'Body.' } }, 201);
    await call('POST', '/editions', { json: { markdown: md.replace('59', '61').replace('A second', 'A fourth') } }, 201);
    await call('POST', '/editions', { json: { number: 62, title: 'No date', body: 'Body.' } }, 400);
    await call('GET', '/editions/1', {}, 200);
    await call('GET', '/editions/999', {}, 404);
    await call('PATCH', '/editions/1', { json: { dek: 'A new dek' } }, 200);
    await call('GET', '/editions/1/tldrs', {}, 200);
    await call('POST', '/editions/1/tldrs', {}, 200);
    await call('POST', '/editions/1/tldrs?regenerate=', {}, 400);
    await call('PUT', '/editions/1/tldrs/engineer?lang=es', { json: { text: 'El resumen del editor.', why: 'Porque sí.' } }, 200);
    await call('PUT', '/editions/1/tldrs/engineer?lang=xx', { json: { text: 'x' } }, 400);
    await call('GET', '/editions/1/preview?as=engineer&lang=es&format=html', {}, 200);
    await call('GET', '/editions/1/preview?format=text', {}, 200);
    await call('GET', '/editions/1/preview?format=json', {}, 200);
    await call('GET', '/editions/1/preview?as=nobody', {}, 400);
    await call('POST', '/editions/1/test', { json: { to: ['me@example.com'], as: 'executive' } }, 200);
    await call('POST', '/editions/1/test', { json: { to: [] } }, 400);
  });

  it("translations (the editor's own; Claude is not configured here)", async () => {
    await call('GET', '/editions/1/translations', {}, 200);
    await call('POST', '/editions/1/translations', {}, 200);
    await call('POST', '/editions/1/translations?regenerate=xx', {}, 400);
    await call('PUT', '/editions/1/translations/es', { json: { title: 'Una segunda edición', body: 'El cuerpo, en **Markdown**.' } }, 200);
    await call('PUT', '/editions/1/translations/es', { json: { title: '' } }, 400);
  });

  it('send, progress, cancel, stats and delete', async () => {
    await call('POST', '/subscribers', { json: { email: 'reader@example.com', status: 'active' } }, 201);
    await call('GET', '/editions/1/progress', {}, 200);
    await call('GET', '/editions/1/progress', { headers: { accept: 'text/event-stream' } }, 200);
    await call('POST', '/editions/1/send', { json: {} }, 202);
    await t.runner.idle();
    await call('POST', '/editions/1/send', { json: {} }, 409);
    await call('GET', '/editions/1/progress', {}, 200);
    await call('GET', '/editions/1/stats', {}, 200);
    await call('PATCH', '/editions/1', { json: { dek: 'Too late' } }, 409);
    await call('DELETE', '/editions/1', {}, 409);
    await call('POST', '/editions/2/send', { json: { at: '2026-12-01T08:00:00Z' } }, 202);
    await call('POST', '/editions/2/send', { json: { at: 'tomorrow' } }, 400);
    await call('POST', '/editions/2/cancel', {}, 200);
    await call('DELETE', '/editions/3', {}, 204);
  });

  it('covered every operation with at least one real answer', () => {
    const answered = new Set(seen.map((s) => s.split(' ').slice(0, 2).join(' ')));
    const all = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(all.filter((op) => !answered.has(op))).toEqual([]);
  });

  it('would notice an answer that does not fit: a missing field, an extra one, an undocumented status', async () => {
    const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    const persona = { id: 'x', slug: 'x', label: 'X', description: 'A reader of the test.', isDefault: false };
    await v.expectDocumentedAnswer('GET', '/api/admin/personas/x', answer(200, persona));
    await expect(v.expectDocumentedAnswer('GET', '/api/admin/personas/x', answer(200, { ...persona, label: undefined }))).rejects.toThrow();
    await expect(v.expectDocumentedAnswer('GET', '/api/admin/personas/x', answer(200, { ...persona, extra: 1 }))).rejects.toThrow();
    await expect(v.expectDocumentedAnswer('GET', '/api/admin/personas/x', answer(418, persona))).rejects.toThrow();
    await expect(v.expectDocumentedAnswer('GET', '/api/admin/personas/x', answer(404, { error: { code: 'nope', message: 'x' } }))).rejects.toThrow();
  });
});
