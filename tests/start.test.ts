/**
 * `npm start` with no keys and no configuration: the bundle it builds starts on a fresh data
 * folder, finds what ships with it (migrations, the sample edition, the illustration), and a
 * send lands in the local outbox as .eml files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startServer, type ServerProcess } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'pp-start-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

it('runs the bundle with nothing configured: pages, the sample edition, and a send to the outbox', async () => {
  server = await startServer({ DATABASE_PATH: join(dir, 'data', 'newsletter.db') }, undefined, 'bundle');
  const token = JSON.parse(readFileSync(join(dir, 'data', 'secrets.json'), 'utf8')).adminToken as string;
  expect(server.output()).toContain(token);
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${server!.url}/api/admin${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

  expect((await fetch(`${server.url}/assets/editions/0058.png`)).headers.get('content-type')).toBe('image/png');
  const edition = (await (await admin('/editions/1')).json()) as { slug: string; status: string };
  expect(edition.status).toBe('draft');
  for (const email of ['ana@example.com', 'bo@example.com']) {
    expect((await admin('/subscribers', { method: 'POST', body: JSON.stringify({ email, persona: 'engineer' }) })).status).toBe(201);
  }
  expect((await admin('/editions/1/send', { method: 'POST', body: '{}' })).status).toBe(202);
  let status = '';
  for (let i = 0; i < 100 && status !== 'sent'; i++) {
    status = ((await (await admin('/editions/1/progress')).json()) as { status: string }).status;
    if (status !== 'sent') await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe('sent');
  const emls = readdirSync(join(dir, 'data', 'outbox')).filter((f) => f.endsWith('.eml'));
  expect(emls).toHaveLength(2);
  // Unfolded first: a header longer than a line continues on the next one (RFC 5322 §2.2.3).
  const eml = readFileSync(join(dir, 'data', 'outbox', emls[0]), 'utf8').replace(/\r\n[ \t]+/g, ' ');
  expect(eml).toMatch(/^List-Unsubscribe: <https?:\/\/[^>]+\/unsubscribe\//m);
});

it('prints a generated admin token once; later starts and ADMIN_TOKEN show it masked and never store an ADMIN_TOKEN', async () => {
  await server?.stop();
  const token = JSON.parse(readFileSync(join(dir, 'data', 'secrets.json'), 'utf8')).adminToken as string;
  server = await startServer({ DATABASE_PATH: join(dir, 'data', 'newsletter.db') }, undefined, 'bundle');
  expect(server.output()).not.toContain(token);
  expect(server.output()).toContain(`${token.slice(0, 9)}…${token.slice(-4)}`);
  await server.stop();
  const given = 'env-admin-token-that-must-stay-out-of-files';
  const other = join(dir, 'other');
  server = await startServer({ DATABASE_PATH: join(other, 'newsletter.db'), ADMIN_TOKEN: given }, undefined, 'bundle');
  expect(server.output()).not.toContain(given);
  expect(readFileSync(join(other, 'secrets.json'), 'utf8')).not.toContain(given);
  expect((await fetch(`${server.url}/api/admin/personas`, { headers: { authorization: `Bearer ${given}` } })).status).toBe(200);
});
