/**
 * Imports at the scale that used to stop the service, against the real process as `npm start`
 * runs it (the bundle), with V8's old generation capped at 128 MB so a report or a buffer that
 * grows with the file shows up as a crash. Memory is judged by the process's own high-water mark
 * (VmHWM in /proc), never by time.
 */
import { createWriteStream, mkdtempSync, openAsBlob, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { ImportReport } from '../../src/subscribers/csv-import.js';
import { startServer, type ServerProcess } from '../helpers/server.js';

const ADMIN = 'scale-test-admin-token-0123456789';
const HEAP = '--max-old-space-size=128';

let server: ServerProcess | undefined;
let dir = '';
afterEach(async () => {
  await server?.stop().catch(() => {});
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ServerProcess> {
  dir = mkdtempSync(join(tmpdir(), 'pp-scale-'));
  server = await startServer({ DATABASE_PATH: join(dir, 'newsletter.db'), ADMIN_TOKEN: ADMIN, NODE_OPTIONS: HEAP }, undefined, 'bundle');
  return server;
}

/** The process's peak resident memory so far, in bytes (Linux). */
function peakRss(s: ServerProcess): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${s.child.pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error('no VmHWM in /proc status');
  return Number(kb) * 1024;
}

const importRequest = (s: ServerProcess, body: RequestInit['body'], headers: Record<string, string> = {}) =>
  fetch(`${s.url}/api/admin/subscribers/import`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, ...headers }, body });

it('3,000,000 unusable rows (6 MB): a short report with the first 1,000 errors and the counts; the process stays up', async () => {
  const s = await start();
  const res = await importRequest(s, `email\n${'x\n'.repeat(3_000_000)}`, { 'content-type': 'text/csv' });
  expect(res.status).toBe(200);
  const text = await res.text();
  // 1,000 errors of ~80 bytes: the answer no longer grows with the file (it was 206 MB).
  expect(text.length).toBeLessThan(200_000);
  const report = JSON.parse(text) as ImportReport;
  expect(report).toMatchObject({ rows: 3_000_000, imported: 0, unchanged: 0, failed: 3_000_000, failedByReason: { invalid_email: 3_000_000 } });
  expect(report.errors).toHaveLength(1000);
  expect(report.errors[0]).toEqual({ line: 2, email: 'x', code: 'invalid_email', reason: 'email is not a valid address' });
  expect(report.errors[999].line).toBe(1001);
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
}, 180_000);

/** Writes a plain subscriber CSV of `rows` rows; returns its size. */
async function writeCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('email,name,persona,language\r\n');
  const personas = ['everyday', 'executive', 'engineer', 'investor'];
  let buf = '';
  for (let i = 0; i < rows; i++) {
    buf += `reader.${i}@example${i % 50}.com,Reader Number ${i},${personas[i % 4]},${i % 3 ? 'en' : 'es'}\r\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return statSync(path).size;
}

it('a 1,000,000-row CSV uploaded as a browser form (multipart): imported in full, memory stays flat', async () => {
  const s = await start();
  const upload = async (path: string) => {
    const form = new FormData();
    form.set('file', await openAsBlob(path, { type: 'text/csv' }), 'readers.csv');
    const res = await importRequest(s, form);
    expect(res.status).toBe(200);
    return (await res.json()) as ImportReport;
  };
  const small = join(dir, 'small.csv');
  const large = join(dir, 'large.csv');
  const smallSize = await writeCsv(small, 100_000);
  const size = await writeCsv(large, 1_000_000);
  expect(size).toBeGreaterThan(50 * 1024 * 1024);
  // The first import brings the process to its working set (parser, statements, SQLite's cache).
  expect(await upload(small)).toMatchObject({ rows: 100_000, imported: 100_000, failed: 0 });
  const warm = peakRss(s);
  // Ten times the rows (the first 100,000 already there): the high-water mark hardly moves.
  // Buffering the upload would add its 59 MB (remembering every address, more): it used to crash here.
  expect(await upload(large)).toEqual({ rows: 1_000_000, imported: 900_000, unchanged: 100_000, failed: 0, failedByReason: {}, errors: [] });
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
  console.log(`multipart imports: ${mb(smallSize)} then ${mb(size)}; peak RSS ${mb(warm)} after the first, ${mb(peakRss(s))} after the second`);
  expect(peakRss(s) - warm).toBeLessThan(size / 3);
}, 300_000);
