/**
 * CSV import and export: /api/admin/subscribers/import and /export. The import recognises the
 * exports of Mailchimp, Substack and listmonk and a plain `email,name,persona,language` file,
 * reports every bad row with its line number and reason, keeps the good ones, and changes nothing
 * the second time; the export imports back as it was.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscribers, suppressions } from '../../src/db/schema.js';
import { csvRecords, unguardField } from '../../src/subscribers/csv-export.js';
import type { ImportReport } from '../../src/subscribers/csv-import.js';
import { emailHash } from '../../src/subscribers/email.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

async function expectError(res: Response, status: number, code: string, mentions?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  if (mentions) expect(body.error.message).toMatch(mentions);
  return body.error;
}

const importCsv = (app: TestApp, body: RequestInit['body'], type = 'text/csv') =>
  app.admin('/subscribers/import', { method: 'POST', headers: { 'content-type': type }, body });

async function imported(app: TestApp, body: RequestInit['body']): Promise<ImportReport> {
  const res = await importCsv(app, body);
  expect(res.status).toBe(200);
  return (await res.json()) as ImportReport;
}

const allRows = (app: TestApp = t) => app.deps.db.select().from(subscribers).orderBy(subscribers.email);
const count = async (app: TestApp = t) => (await app.deps.db.get<{ n: number }>(sql`select count(*) as n from subscribers`)).n;
const people = async (app: TestApp = t) =>
  (await allRows(app)).map(({ email, name, persona, language, status }) => ({ email, name, persona, language, status }));

describe('a plain file with good and bad rows, imported twice', () => {
  const expectedErrors = [
    { line: 3, email: 'not-an-email', code: 'invalid_email', reason: expect.stringMatching(/email is not a valid address/) },
    { line: 5, email: 'ana@example.com', code: 'duplicate', reason: 'duplicate of line 2' },
    { line: 6, email: 'carla@example.com', code: 'unknown_persona', reason: expect.stringMatching(/unknown persona "astronaut"/) },
    { line: 7, email: 'diego@example.com', code: 'unknown_language', reason: expect.stringMatching(/unknown language "klingon"/) },
    { line: 8, code: 'missing_email', reason: 'email is required' },
    { line: 12, email: 'gabi@example.com', code: 'invalid_name', reason: expect.stringMatching(/name contains control characters/) },
    { line: 15, email: 'long@example.com', code: 'invalid_name', reason: expect.stringMatching(/name is longer than 100/) },
  ];
  const expectedCounts = { invalid_email: 1, duplicate: 1, unknown_persona: 1, unknown_language: 1, missing_email: 1, invalid_name: 2 };

  it('imports the six good rows and reports each bad row with its line number and reason', async () => {
    const report = await imported(t, fixture('mixed-good-bad.csv'));
    expect(report).toEqual({ rows: 13, imported: 6, unchanged: 0, failed: 7, failedByReason: expectedCounts, errors: expectedErrors });
    expect(await people()).toEqual([
      { email: 'ana@example.com', name: 'Ana García', persona: 'everyday', language: 'es', status: 'active' },
      { email: 'bruno@example.com', name: 'Bruno Díaz', persona: 'engineer', language: 'pt', status: 'active' },
      { email: 'elena@example.com', name: 'Ortiz, Elena', persona: 'executive', language: 'en', status: 'active' },
      { email: 'facundo@example.com', name: 'Facundo "Facu" Pérez', persona: 'everyday', language: 'fr', status: 'active' },
      { email: 'hugo@example.com', name: 'Hugo Sánchez', persona: 'engineer', language: 'en', status: 'active' },
      { email: 'ines@example.com', name: 'Inés Morales', persona: 'investor', language: 'en', status: 'active' },
    ]);
    for (const row of await allRows()) {
      expect(row).toMatchObject({ source: 'import', tokenVersion: 1, createdAt: '2026-11-26T10:00:00.000Z', confirmedAt: '2026-11-26T10:00:00.000Z' });
      expect(row.id).toMatch(/^sub_[0-9a-z]{9}[0-9a-f]{20}$/);
    }
  });

  it('the second import changes nothing: every good row is unchanged, the same rows are reported', async () => {
    await imported(t, fixture('mixed-good-bad.csv'));
    const before = await allRows();
    t.clock.advance(3_600_000);
    const again = await imported(t, fixture('mixed-good-bad.csv'));
    expect(again).toEqual({ rows: 13, imported: 0, unchanged: 6, failed: 7, failedByReason: expectedCounts, errors: expectedErrors });
    expect(await allRows()).toEqual(before);
  });

  it('never overwrites a subscriber who is already there', async () => {
    const res = await t.admin('/subscribers', { method: 'POST', json: { email: 'hugo@example.com', name: 'Hugo (kept)', persona: 'investor', status: 'pending' } });
    expect(res.status).toBe(201);
    const report = await imported(t, fixture('mixed-good-bad.csv'));
    expect(report).toMatchObject({ imported: 5, unchanged: 1, failed: 7 });
    expect((await people()).find((p) => p.email === 'hugo@example.com')).toEqual({
      email: 'hugo@example.com', name: 'Hugo (kept)', persona: 'investor', language: 'en', status: 'pending',
    });
  });

  it('refuses a suppressed address on its line and imports the rest', async () => {
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash('bruno@example.com'), reason: 'bounce' });
    const report = await imported(t, fixture('mixed-good-bad.csv'));
    expect(report).toMatchObject({ imported: 5, failed: 8 });
    expect(report.errors).toContainEqual({ line: 4, email: 'bruno@example.com', code: 'suppressed', reason: expect.stringMatching(/suppressed/) });
    expect(report.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 12, 15]);
    expect((await people()).map((p) => p.email)).not.toContain('bruno@example.com');
  });

  it('takes the same file as a multipart upload (field "file")', async () => {
    const form = new FormData();
    form.set('file', new Blob([fixture('mixed-good-bad.csv')], { type: 'text/csv' }), 'mixed-good-bad.csv');
    const res = await t.admin('/subscribers/import', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 13, imported: 6, failed: 7 });
  });

  it('takes a streamed body', async () => {
    const bytes = new TextEncoder().encode(fixture('mixed-good-bad.csv'));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 17) controller.enqueue(bytes.slice(i, i + 17));
        controller.close();
      },
    });
    const res = await t.admin('/subscribers/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 13, imported: 6, failed: 7 });
  });
});

describe('the column names of other tools', () => {
  it('Mailchimp: "Email Address", "First Name", "Last Name" and its system columns', async () => {
    const report = await imported(t, fixture('mailchimp.csv'));
    expect(report).toEqual({ rows: 4, imported: 4, unchanged: 0, failed: 0, failedByReason: {}, errors: [] });
    expect(await people()).toEqual([
      { email: 'lucia.fernandez@example.com', name: 'Lucía Fernández', persona: 'everyday', language: 'en', status: 'active' },
      { email: 'mei.chen@example.com', name: 'Mei Chen', persona: 'everyday', language: 'en', status: 'active' },
      { email: 'no.name@example.net', name: null, persona: 'everyday', language: 'en', status: 'active' },
      { email: 'tom.baker@example.org', name: 'Tom Baker', persona: 'everyday', language: 'en', status: 'active' },
    ]);
  });

  it('Mailchimp unsubscribed export (UNSUB_TIME set): imported as unsubscribed, never as readers', async () => {
    const report = await imported(t, fixture('mailchimp-unsubscribed.csv'));
    expect(report).toMatchObject({ rows: 2, imported: 2, failed: 0 });
    expect(await people()).toEqual([
      { email: 'left.us@example.com', name: 'Pat Lee', persona: 'everyday', language: 'en', status: 'unsubscribed' },
      { email: 'too.many@example.org', name: 'Sam Ortiz', persona: 'everyday', language: 'en', status: 'unsubscribed' },
    ]);
    expect((await allRows()).every((r) => r.unsubscribedAt === '2026-11-26T10:00:00.000Z' && r.confirmedAt === null)).toBe(true);
  });

  it('Mailchimp cleaned export (CLEAN_TIME set): imported as unsubscribed', async () => {
    const csv = '"Email Address","First Name","Last Name","MEMBER_RATING","CLEAN_TIME","CLEAN_CAMPAIGN_TITLE","CLEAN_CAMPAIGN_ID","LEID","EUID"\n' +
      '"bounced@example.com","Bo","Unce","1","2025-03-03 03:03:03","Edition #0040","5b6c7d8e9f","118273800","ab12cd34ef"\n';
    expect(await imported(t, csv)).toMatchObject({ imported: 1 });
    expect((await people())[0]).toMatchObject({ email: 'bounced@example.com', status: 'unsubscribed' });
  });

  it('Substack: email and email_disabled (a reader who turned email off is unsubscribed)', async () => {
    const report = await imported(t, fixture('substack.csv'));
    expect(report).toEqual({ rows: 4, imported: 4, unchanged: 0, failed: 0, failedByReason: {}, errors: [] });
    expect(await people()).toEqual([
      { email: 'comp.reader@example.com', name: null, persona: 'everyday', language: 'en', status: 'active' },
      { email: 'muted@example.com', name: null, persona: 'everyday', language: 'en', status: 'unsubscribed' },
      { email: 'paid.reader@example.com', name: null, persona: 'everyday', language: 'en', status: 'active' },
      { email: 'reader.one@example.com', name: null, persona: 'everyday', language: 'en', status: 'active' },
    ]);
  });

  it('listmonk: uuid,email,name,attributes,status (enabled, disabled, blocklisted)', async () => {
    const report = await imported(t, fixture('listmonk.csv'));
    expect(report).toEqual({ rows: 4, imported: 4, unchanged: 0, failed: 0, failedByReason: {}, errors: [] });
    expect(await people()).toEqual([
      { email: 'ada@example.com', name: 'Ada Lovelace', persona: 'everyday', language: 'en', status: 'active' },
      { email: 'grace@example.com', name: 'Grace Hopper', persona: 'everyday', language: 'en', status: 'active' },
      { email: 'quiet@example.com', name: 'Quiet Reader', persona: 'everyday', language: 'en', status: 'unsubscribed' },
      { email: 'spam@example.com', name: 'Blocked Sender', persona: 'everyday', language: 'en', status: 'unsubscribed' },
    ]);
  });

  it('every fixture imported twice: the second time changes nothing', async () => {
    for (const name of ['mailchimp.csv', 'mailchimp-unsubscribed.csv', 'substack.csv', 'listmonk.csv', 'mixed-good-bad.csv']) {
      await imported(t, fixture(name));
    }
    const before = await allRows();
    for (const name of ['mailchimp.csv', 'mailchimp-unsubscribed.csv', 'substack.csv', 'listmonk.csv', 'mixed-good-bad.csv']) {
      expect(await imported(t, fixture(name))).toMatchObject({ imported: 0 });
    }
    expect(await allRows()).toEqual(before);
  });

  it('reads a BOM, CRLF line ends, semicolon-free quoting and an unknown status', async () => {
    const csv = '\uFEFFEmail,Name,Status\r\nbom@example.com,With Bom,subscribed\r\nodd@example.com,Odd,maybe\r\n';
    const report = await imported(t, csv);
    expect(report).toEqual({
      rows: 2, imported: 1, unchanged: 0, failed: 1, failedByReason: { unknown_status: 1 },
      errors: [{ line: 3, email: 'odd@example.com', code: 'unknown_status', reason: 'unknown status "maybe"' }],
    });
    expect(await people()).toEqual([{ email: 'bom@example.com', name: 'With Bom', persona: 'everyday', language: 'en', status: 'active' }]);
  });
});

describe('files the import cannot read', () => {
  it('a stray quote inside a field is kept as text (no 500, no lost rows)', async () => {
    const csv = 'email,name\nrock@example.com,Dwayne "The Rock" Johnson\nnext@example.com,Next\n';
    expect(await imported(t, csv)).toMatchObject({ rows: 2, imported: 2, failed: 0 });
    expect((await people()).map((p) => [p.email, p.name])).toEqual([
      ['next@example.com', 'Next'],
      ['rock@example.com', 'Dwayne "The Rock" Johnson'],
    ]);
  });

  it('a quote never closed: the rows before it are kept, the error names the line where it opens', async () => {
    const csv = 'email,name\nfirst@example.com,First\n\nbroken@example.com,"Never closed\nlast@example.com,Last\n';
    const report = await imported(t, csv);
    expect(report).toMatchObject({ imported: 1, failed: 1 });
    expect(report.errors).toEqual([{ line: 4, code: 'unreadable', reason: expect.stringMatching(/^unreadable CSV: a quote opened on this line is never closed/) }]);
    expect((await people()).map((p) => p.email)).toEqual(['first@example.com']);
  });

  it('a header without an email column: 400 naming the file, nothing stored', async () => {
    await expectError(await importCsv(t, 'name,persona\nAna,everyday\n'), 400, 'validation_error', /no email column/);
    expect(await count()).toBe(0);
  });

  it('an empty file: 400', async () => {
    await expectError(await importCsv(t, ''), 400, 'validation_error', /empty/);
    await expectError(await importCsv(t, '\n\n'), 400, 'validation_error', /empty/);
  });

  it('a JSON or form body: 415; a multipart form without "file": 400', async () => {
    await expectError(await importCsv(t, '{"email":"a@b.co"}', 'application/json'), 415, 'unsupported_media_type', /text\/csv/);
    const form = new FormData();
    form.set('csv', 'email\na@b.co\n');
    await expectError(await t.admin('/subscribers/import', { method: 'POST', body: form }), 400, 'validation_error', /"file"/);
    expect(await count()).toBe(0);
  });

  it('a multipart form: the "file" part is found among other fields and files', async () => {
    const form = new FormData();
    form.set('note', 'March list');
    form.set('other', new Blob(['not,this\n']), 'other.csv');
    form.set('file', new Blob([fixture('mailchimp.csv')], { type: 'text/csv' }), 'mailchimp.csv');
    form.set('after', 'ignored');
    const res = await t.admin('/subscribers/import', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 4, imported: 4, failed: 0 });
  });

  it('a malformed multipart body (no, empty or another boundary, or no end): 400, nothing stored', async () => {
    const body = '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nemail\na@example.com\r\n--abc--\r\n';
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=""', 'multipart/form-data; boundary=zzz']) {
      await expectError(await importCsv(t, body, type), 400, 'bad_request', /multipart/);
    }
    await expectError(await importCsv(t, body.replace('--abc--\r\n', ''), 'multipart/form-data; boundary=abc'), 400, 'bad_request', /multipart/);
    expect(await count()).toBe(0);
    expect((await importCsv(t, body, 'multipart/form-data; boundary=abc')).status).toBe(200);
    expect(await count()).toBe(1);
  });

  it('an oversize file (Content-Length over 64 MB): 413 before reading it, nothing stored', async () => {
    const res = await t.admin('/subscribers/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'content-length': String(65 * 1024 * 1024) },
      body: 'email\nbig@example.com\n',
    });
    await expectError(res, 413, 'payload_too_large', /64 MB/);
    expect(await count()).toBe(0);
  });

  it('reports a large file in full: 5,000 rows with every tenth bad, each on its own line', async () => {
    const lines = ['email,name'];
    for (let i = 0; i < 5000; i++) lines.push(i % 10 === 9 ? `bad-${i}@,Bad ${i}` : `reader${i}@example.com,Reader ${i}`);
    const report = await imported(t, lines.join('\n'));
    expect(report).toMatchObject({ rows: 5000, imported: 4500, failed: 500 });
    expect(report.errors[0]).toMatchObject({ line: 11, email: 'bad-9@' });
    expect(report.errors.at(-1)).toMatchObject({ line: 5001, email: 'bad-4999@' });
    expect(await count()).toBe(4500);
    expect((await imported(t, lines.join('\n'))).unchanged).toBe(4500);
  });
});

describe('reports that stay small whatever the file', () => {
  it('lists the first 1,000 failed rows by line and counts every failure by reason', async () => {
    const lines = ['email,name,persona'];
    const row = [(i: number) => `bad-${i}@,x,`, (i: number) => `r${i}@example.com,x,astronaut`, () => ',x,', (i: number) => `ok${i}@example.com,Reader ${i},`];
    for (let i = 0; i < 12_000; i++) lines.push(row[i % 4](i));
    const report = await imported(t, lines.join('\n'));
    expect(report).toMatchObject({
      rows: 12_000, imported: 3000, unchanged: 0, failed: 9000,
      failedByReason: { invalid_email: 3000, unknown_persona: 3000, missing_email: 3000 },
    });
    expect(report.errors).toHaveLength(1000);
    // Line n + 2 holds row n; every fourth row is good.
    const failing = Array.from({ length: 1334 }, (_, n) => n).filter((n) => n % 4 !== 3).slice(0, 1000).map((n) => n + 2);
    expect(report.errors.map((e) => e.line)).toEqual(failing);
    expect(report.errors[1]).toEqual({ line: 3, email: 'r1@example.com', code: 'unknown_persona', reason: 'unknown persona "astronaut"' });
  });

  it('an address repeated further back than the import remembers is found by the database: "duplicate in this file"', async () => {
    const lines = ['email'];
    for (let i = 0; i < 10_500; i++) lines.push(`reader${i}@example.com`);
    lines.push('reader0@example.com', 'reader10499@example.com');
    const report = await imported(t, lines.join('\n'));
    expect(report).toEqual({
      rows: 10_502, imported: 10_500, unchanged: 0, failed: 2, failedByReason: { duplicate: 2 },
      errors: [
        { line: 10_502, email: 'reader0@example.com', code: 'duplicate', reason: 'duplicate in this file' },
        { line: 10_503, email: 'reader10499@example.com', code: 'duplicate', reason: 'duplicate of line 10501' },
      ],
    });
    expect(await count()).toBe(10_500);
    // The second time every address is there already: the far repeat is simply unchanged, the
    // near one is still named.
    const again = await imported(t, lines.join('\n'));
    expect(again).toMatchObject({ imported: 0, unchanged: 10_501, failed: 1, failedByReason: { duplicate: 1 } });
  });

  it('an address the API added during the import is unchanged, not a duplicate', async () => {
    await t.admin('/subscribers', { method: 'POST', json: { email: 'early@example.com', name: 'Kept' } });
    const lines = ['email,name'];
    for (let i = 0; i < 10_200; i++) lines.push(`reader${i}@example.com,R`);
    lines.push('early@example.com,New');
    expect(await imported(t, lines.join('\n'))).toMatchObject({ imported: 10_200, unchanged: 1, failed: 0 });
    expect((await people()).find((p) => p.email === 'early@example.com')?.name).toBe('Kept');
  });

  it('a row longer than 64 KB stops the import on its line; the rows before it are kept', async () => {
    const csv = `email,name\nfirst@example.com,First\nhuge@example.com,"${'a'.repeat(100_000)}"\nlast@example.com,Last\n`;
    const report = await imported(t, csv);
    expect(report).toMatchObject({ rows: 1, imported: 1, failed: 1, failedByReason: { unreadable: 1 } });
    expect(report.errors).toEqual([{ line: 3, code: 'unreadable', reason: expect.stringMatching(/^unreadable CSV: a row is longer than 64 KB/) }]);
    expect((await people()).map((p) => p.email)).toEqual(['first@example.com']);
  });
});

describe('GET /subscribers/export', () => {
  it('streams every subscriber as CSV with a header row, as an attachment', async () => {
    await imported(t, fixture('mixed-good-bad.csv'));
    const res = await t.admin('/subscribers/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="subscribers-2026-11-26.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('email,name,persona,language,status,created_at');
    expect(lines).toHaveLength(7);
    expect(lines).toContain('elena@example.com,"Ortiz, Elena",executive,en,active,2026-11-26T10:00:00.000Z');
    expect(lines).toContain('facundo@example.com,"Facundo ""Facu"" Pérez",everyday,fr,active,2026-11-26T10:00:00.000Z');
  });

  it('guards against spreadsheet formulas in names', async () => {
    await t.admin('/subscribers', { method: 'POST', json: { email: 'f@example.com', name: '=HYPERLINK("http://evil.example","x")' } });
    const text = await (await t.admin('/subscribers/export')).text();
    expect(text).toContain(`f@example.com,"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });

  it('guards the full-width formula starts ＝ ＋ － ＠ too, and imports them back unchanged', async () => {
    const names = ['＝1+2', '＋SUM(A1)', '－3', '＠cmd'];
    for (const [i, name] of names.entries()) {
      expect((await t.admin('/subscribers', { method: 'POST', json: { email: `w${i}@example.com`, name } })).status).toBe(201);
    }
    const exported = await (await t.admin('/subscribers/export')).text();
    for (const [i, name] of names.entries()) expect(exported).toContain(`w${i}@example.com,'${name},`);
    const fresh = await makeTestApp();
    try {
      expect(await imported(fresh, exported)).toMatchObject({ imported: 4, failed: 0 });
      expect((await people(fresh)).map((p) => p.name)).toEqual(names);
    } finally {
      fresh.close();
    }
  });

  it('a name that already starts like a guarded one ("\'=x") imports back with its apostrophe', async () => {
    await t.admin('/subscribers', { method: 'POST', json: { email: 'apos@example.com', name: "'=x" } });
    await t.admin('/subscribers', { method: 'POST', json: { email: 'plain-apos@example.com', name: "'tis" } });
    const exported = await (await t.admin('/subscribers/export')).text();
    expect(exported).toContain("apos@example.com,''=x,");
    expect(exported).toContain("plain-apos@example.com,'tis,");
    const fresh = await makeTestApp();
    try {
      await imported(fresh, exported);
      expect((await people(fresh)).map((p) => p.name)).toEqual(["'=x", "'tis"]);
    } finally {
      fresh.close();
    }
  });

  it('an empty list exports just the header', async () => {
    expect(await (await t.admin('/subscribers/export')).text()).toBe('email,name,persona,language,status,created_at\r\n');
  });

  it('round-trips: an export imports into a fresh database as the same subscribers', async () => {
    for (const name of ['mailchimp.csv', 'substack.csv', 'listmonk.csv', 'mixed-good-bad.csv']) await imported(t, fixture(name));
    const add = async (json: Record<string, unknown>) => expect((await t.admin('/subscribers', { method: 'POST', json })).status).toBe(201);
    await add({ email: 'pending@example.com', name: 'Pending Person', persona: 'investor', language: 'de', status: 'pending' });
    await add({ email: '-dash@example.com', name: '+Plus -Minus', persona: 'engineer' });
    await add({ email: 'formula@example.com', name: '=1+2', persona: 'executive', language: 'ja' });
    await add({ email: 'quotes@example.com', name: `O'Brien, "Ned"`, persona: 'executive' });
    const exported = await (await t.admin('/subscribers/export')).text();

    const fresh = await makeTestApp();
    try {
      const report = await imported(fresh, exported);
      expect(report).toMatchObject({ rows: await count(), imported: await count(), failed: 0, errors: [] });
      expect(await people(fresh)).toEqual(await people());
      // And the export of the copy is the same file.
      expect(await (await fresh.admin('/subscribers/export')).text()).toBe(exported);
    } finally {
      fresh.close();
    }
    // Back into the database it came from: nothing changes.
    const before = await allRows();
    expect(await imported(t, exported)).toMatchObject({ imported: 0, unchanged: before.length, failed: 0 });
    expect(await allRows()).toEqual(before);
  });

  it('pages through more subscribers than one page holds (5,000 a page)', async () => {
    const lines = ['email'];
    for (let i = 0; i < 12_345; i++) lines.push(`r${i}@example.com`);
    expect(await imported(t, lines.join('\n'))).toMatchObject({ imported: 12_345 });
    const text = await (await t.admin('/subscribers/export')).text();
    const emails = text.trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[0]);
    expect(emails).toHaveLength(12_345);
    expect(new Set(emails).size).toBe(12_345);
  });
});

describe('the formula guard, field by field', () => {
  // Characters a formula, a quote or a guard is made of, so the property runs into every case.
  const tricky = fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠', '"', ',', '\n', 'a', ' ') });

  it('no exported field starts a formula, and unguarding the parsed field gives the value back', () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 4 }), (values) => {
        const [parsed] = parse(csvRecords([values]), { relax_column_count: true }) as string[][];
        expect(parsed.map(unguardField)).toEqual(values);
        for (const field of parsed) expect(field).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
      }),
      { numRuns: 500 },
    );
  });
});
