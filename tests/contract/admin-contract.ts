/**
 * The admin API's contract as one runtime-independent script: the Node tests run it through
 * `app.request`, the Worker test through HTTP against `wrangler dev`. Same checks, both runtimes.
 */
import { expect } from 'vitest';

export type Send = (
  path: string,
  init?: { method?: string; json?: unknown; body?: string | FormData | ReadableStream<Uint8Array>; headers?: Record<string, string>; auth?: string | false },
) => Promise<Response>;

/** The fields this script reads from the admin API's answers; each answer has some of them. */
interface Answer {
  id: string | number;
  rows: number;
  imported: number;
  unchanged: number;
  failed: number;
  failedByReason: Record<string, number>;
  errors: { line: number; code: string; reason: string }[];
  label: string;
  persona: string;
  dek: string;
  data: { id: string | number }[];
  error: { code: string; message: string };
}
const json = async (r: Response): Promise<Answer> => (await r.json()) as Answer;

/** Runs every check; `tag` keeps addresses and slugs unique per run. */
export async function runAdminContract(send: Send, seedMarkdown: string, tag = 'c'): Promise<void> {
  // Auth: missing and wrong tokens are 401 with the error shape.
  for (const auth of [false, 'wrong-token-0123456789'] as const) {
    const r = await send('/api/admin/personas', { auth });
    expect(r.status).toBe(401);
    expect((await json(r)).error.code).toBe('unauthorized');
  }

  // Personas CRUD.
  let r = await send('/api/admin/personas', { method: 'POST', json: { slug: `student-${tag}`, label: 'Student', description: 'A university student who reads about AI for their studies.' } });
  expect(r.status).toBe(201);
  expect((await json(r)).id).toBe(`student-${tag}`);
  r = await send('/api/admin/personas', { method: 'POST', json: { slug: `student-${tag}`, label: 'Student', description: 'Duplicate persona description.' } });
  expect(r.status).toBe(409);
  r = await send('/api/admin/personas', { method: 'POST', json: { slug: 'Bad Slug', label: 'x', description: 'A description long enough.' } });
  expect(r.status).toBe(400);
  expect((await json(r)).error.message).toMatch(/slug/);
  r = await send(`/api/admin/personas/student-${tag}`, { method: 'PATCH', json: { label: 'University student' } });
  expect((await json(r)).label).toBe('University student');
  expect((await send(`/api/admin/personas/student-${tag}`, { method: 'DELETE' })).status).toBe(204);
  expect((await send('/api/admin/personas/everyday', { method: 'DELETE' })).status).toBe(409);

  // Subscribers: create, duplicate, bad input, list with filters, patch, erase.
  r = await send('/api/admin/subscribers', { method: 'POST', json: { email: ` Ada.${tag}@Example.com `, name: 'Ada', persona: 'engineer', language: 'es' } });
  expect(r.status).toBe(201);
  const ada = await json(r);
  expect(ada).toMatchObject({ email: `ada.${tag}@example.com`, persona: 'engineer', language: 'es', status: 'active' });
  expect(typeof ada.id).toBe('string');
  expect((await send('/api/admin/subscribers', { method: 'POST', json: { email: `ada.${tag}@example.com` } })).status).toBe(409);
  for (const [body, field] of [
    [{ email: 'not-an-email' }, 'email'],
    [{ email: `x.${tag}@example.com`, persona: 'nobody' }, 'persona'],
    [{ email: `x.${tag}@example.com`, language: 'xx' }, 'language'],
    [{ email: `x.${tag}@example.com`, colour: 'red' }, 'colour'],
    [{ email: 42 }, 'email'],
  ] as const) {
    r = await send('/api/admin/subscribers', { method: 'POST', json: body });
    expect(r.status).toBe(400);
    expect((await json(r)).error.message).toContain(field);
  }
  r = await send('/api/admin/subscribers', { method: 'POST', body: '{"email":', headers: { 'content-type': 'application/json' } });
  expect(r.status).toBe(400);
  expect((await send(`/api/admin/subscribers?email=x.${tag}@example.com`)).status).toBe(200);
  expect((await json(await send(`/api/admin/subscribers?email=x.${tag}@example.com`))).data).toEqual([]);
  const list = await json(await send('/api/admin/subscribers?persona=engineer&limit=1000'));
  expect(list.data.some((s) => s.id === ada.id)).toBe(true);
  r = await send(`/api/admin/subscribers/${ada.id}`, { method: 'PATCH', json: { persona: 'investor' } });
  expect((await json(r)).persona).toBe('investor');
  expect((await send(`/api/admin/subscribers/${ada.id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await send(`/api/admin/subscribers/${ada.id}`)).status).toBe(404);

  // Editions: Markdown create, bad front matter stores nothing, get, patch, delete.
  const before = (await json(await send('/api/admin/editions'))).data.length;
  const md = seedMarkdown.replace(/^number: \d+$/m, 'number: 901').replace(/^title: .*$/m, `title: "Contract edition ${tag}"`);
  r = await send('/api/admin/editions', { method: 'POST', body: md, headers: { 'content-type': 'text/markdown' } });
  expect(r.status).toBe(201);
  const ed = await json(r);
  expect(ed).toMatchObject({ number: 901, status: 'draft', section: 'The AI Landscape' });
  for (const bad of [md.replace(/^title: .*\n/m, ''), md.replace('section: The AI Landscape', 'section: [unclosed'), md.replace('section:', 'colour: red\nsection:')]) {
    r = await send('/api/admin/editions', { method: 'POST', body: bad.replace('number: 901', 'number: 902'), headers: { 'content-type': 'text/markdown' } });
    expect(r.status).toBe(400);
    expect((await json(r)).error.code).toBe('validation_error');
  }
  expect((await json(await send('/api/admin/editions'))).data.length).toBe(before + 1);
  r = await send(`/api/admin/editions/${ed.id}`, { method: 'PATCH', json: { dek: 'A new dek.' } });
  expect((await json(r)).dek).toBe('A new dek.');

  // Translations: the editor's own (written and rewritten in one conditional statement), listed
  // with their costs, which the edition shows next to the TL;DR costs; bad input stores nothing.
  for (const title of ['Edición de contrato', 'Edición de contrato, corregida']) {
    r = await send(`/api/admin/editions/${ed.id}/translations/es`, { method: 'PUT', json: { title, body: 'El cuerpo, traducido.' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ language: 'es', title, source: 'editor', flagged: false, costUsd: 0 });
  }
  r = await send(`/api/admin/editions/${ed.id}/translations/en`, { method: 'PUT', json: { title: 'x', body: 'y' } });
  expect(r.status).toBe(400);
  expect((await json(r)).error.message).toMatch(/^lang: /);
  const translations = (await (await send(`/api/admin/editions/${ed.id}/translations`)).json()) as { translate: boolean; data: { language: string; title: string }[]; totals: { calls: number } };
  expect(translations).toMatchObject({ translate: true, data: [{ language: 'es', title: 'Edición de contrato, corregida' }], totals: { calls: 0 } });
  expect(await (await send(`/api/admin/editions/${ed.id}`)).json()).toMatchObject({ translate: true, tldrCost: { calls: 0 }, translationCost: { calls: 0, costUsd: 0 } });
  expect((await send(`/api/admin/editions/${ed.id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await send(`/api/admin/editions/${ed.id}`)).status).toBe(404);

  await importContract(send, tag);
}

/** The CSV import: plain, streamed without a length, and as a browser's multipart upload. */
async function importContract(send: Send, tag: string): Promise<void> {
  // Imported as unsubscribed: later sends (the Worker's delivery test) count every active reader.
  const csv = `email,name,status\nimp1.${tag}@example.com,One,unsubscribed\nnot-an-email,Bad,unsubscribed\nimp1.${tag}@example.com,Again,unsubscribed\nimp2.${tag}@example.com,Two,unsubscribed\n`;
  let r = await send('/api/admin/subscribers/import', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
  expect(r.status).toBe(200);
  expect(await json(r)).toMatchObject({
    rows: 4, imported: 2, unchanged: 0, failed: 2, failedByReason: { invalid_email: 1, duplicate: 1 },
    errors: [{ line: 3, code: 'invalid_email' }, { line: 4, code: 'duplicate', reason: 'duplicate of line 2' }],
  });
  // Again, streamed with no Content-Length: the addresses are there, unchanged.
  const bytes = new TextEncoder().encode(csv);
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7));
      c.close();
    },
  });
  r = await send('/api/admin/subscribers/import', { method: 'POST', body: stream, headers: { 'content-type': 'text/csv' } });
  expect(r.status).toBe(200);
  expect(await json(r)).toMatchObject({ rows: 4, imported: 0, unchanged: 2, failed: 2 });
  // A browser's upload, the file among other fields.
  const form = new FormData();
  form.set('note', 'from the contract');
  form.set('file', new Blob([`email,status\nimp3.${tag}@example.com,unsubscribed\nimp2.${tag}@example.com,unsubscribed\n`], { type: 'text/csv' }), 'list.csv');
  r = await send('/api/admin/subscribers/import', { method: 'POST', body: form });
  expect(r.status).toBe(200);
  expect(await json(r)).toMatchObject({ rows: 2, imported: 1, unchanged: 1, failed: 0 });
  // A multipart body without its boundary, or with another one: 400.
  for (const type of ['multipart/form-data', 'multipart/form-data; boundary=nope']) {
    r = await send('/api/admin/subscribers/import', { method: 'POST', body: '--b\r\n\r\nx\r\n--b--\r\n', headers: { 'content-type': type } });
    expect(r.status).toBe(400);
    expect((await json(r)).error.code).toBe('bad_request');
  }
}
