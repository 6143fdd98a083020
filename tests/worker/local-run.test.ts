/**
 * The README's local run of the Worker, as written: `cp .dev.vars.example .dev.vars`, then
 * `wrangler d1 migrations apply DB --local` and `wrangler dev --test-scheduled`, in a folder of
 * its own (wrangler.toml's settings, its paths made absolute), so a developer's own .dev.vars in
 * the repository plays no part.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sleep, startDev, wrangler, writeConfig } from './dev.js';

const dir = mkdtempSync(join(tmpdir(), 'pp-worker-local-'));
const folder = join(dir, 'app');
const state = join(dir, 'state');

beforeAll(async () => {
  writeConfig(folder);
  await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], folder);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('running the Worker locally', () => {
  it('without its secrets, answers 500 and says where to put them', async () => {
    const worker = await startDev({ persistTo: state, cwd: folder, anyStatus: '/healthz' });
    try {
      const r = await fetch(`${worker.url}/healthz`);
      expect(r.status).toBe(500);
      const body = await r.text();
      for (let i = 0; i < 50 && !worker.log().includes('must be set'); i++) await sleep(100);
      // wrangler dev's error page (HTML) and its log both carry the message.
      expect(body).toContain('ADMIN_TOKEN, TOKEN_SECRET, RESEND_API_KEY must be set on Workers');
      expect(body).toContain('put them in .dev.vars for');
      expect(worker.log()).toContain('ADMIN_TOKEN, TOKEN_SECRET, RESEND_API_KEY must be set on Workers');
      expect(worker.log()).toContain('put them in .dev.vars for `wrangler dev` (see .dev.vars.example), or `wrangler secret put <NAME>` for a deployment');
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('with .dev.vars copied from .dev.vars.example, serves the API, ticks and takes a sign-up', async () => {
    copyFileSync(join(ROOT, '.dev.vars.example'), join(folder, '.dev.vars'));
    const worker = await startDev({ persistTo: state, cwd: folder });
    try {
      expect(await (await fetch(`${worker.url}/healthz`)).json()).toEqual({ ok: true });
      expect((await fetch(`${worker.url}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
      // The example's token opens the admin API; the first tick made the default personas.
      const token = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(join(ROOT, '.dev.vars.example'), 'utf8'))![1];
      const personas = async () => (await fetch(`${worker.url}/api/admin/personas`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<{ data?: unknown[] }>;
      let list = await personas();
      for (let i = 0; i < 50 && list.data?.length !== 4; i++, list = await personas()) await sleep(100);
      expect(list.data).toHaveLength(4);
      const signup = await fetch(`${worker.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'local@example.com' }) });
      expect(signup.status).toBe(202);
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
