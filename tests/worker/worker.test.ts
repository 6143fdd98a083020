/**
 * The real Worker, run locally by wrangler 4.86 (workerd, local D1 with the same migrations/,
 * a local Queue, --test-scheduled for the Cron Trigger), sending through the Resend imitation
 * and writing TL;DRs with the Anthropic imitation, both on loopback.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../src/delivery/plan.js';
import { readSeedMarkdown } from '../../src/editions/seed.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { newWebhookSecret, postSignedWebhook, startFakeResend, type FakeResend } from '../fakes/resend-server.js';
import { runAdminContract, type Send } from '../contract/admin-contract.js';
import { sleep, startDev, wrangler as run, writeConfig, type DevWorker } from './dev.js';
import { formTokenIn, textOf } from '../console/helpers.js';
import { makeTestApp } from '../helpers/app.js';

const ADMIN = 'worker-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'pp-worker-'));
const WEBHOOK_SECRET = newWebhookSecret();

let resend: FakeResend;
let anthropic: FakeAnthropic;
let dev: DevWorker | undefined;
let url = '';

const send: Send = (path, init = {}) => {
  const headers: Record<string, string> = { ...init.headers };
  if (init.auth !== false) headers.authorization = `Bearer ${init.auth ?? ADMIN}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  return fetch(url + path, { method: init.method ?? 'GET', headers, body, duplex: 'half' } as RequestInit);
};

beforeAll(async () => {
  resend = await startFakeResend();
  anthropic = await startFakeAnthropic();
  // Each persona's TL;DR names the persona, so the test can see who got which variant.
  anthropic.setResponder((req) => {
    const text = JSON.stringify(req.messages);
    const label = /Persona: ([A-Za-z ]+)/.exec(text)?.[1] ?? 'reader';
    const persona = { 'Everyday reader': 'everyday', Executive: 'executive', Engineer: 'engineer', Investor: 'investor' }[label] ?? label;
    const lang = /in (Spanish|English)\b/.exec(text)?.[1] ?? 'English';
    const words = `Amazon committed an additional $25 billion to Anthropic and a $100 billion AWS deal over ten years while revenue grew from $9 billion to $30 billion`;
    return { json: { tldr: `[${persona}/${lang}] ${words}, which matters because compute is the constraint that decides who can train the next model and serve it to millions of users.`, why: `Why it matters to ${persona}.` } };
  });
  await run(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir]);
  const vars = {
    ADMIN_TOKEN: ADMIN,
    TOKEN_SECRET: 'worker-token-secret-0123456789',
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: resend.url,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: anthropic.url,
    BASE_URL: 'https://news.example.com',
    MAIL_FROM: 'Primera Plana <news@example.com>',
    SEND_RATE: '50',
    RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET,
  };
  // From a folder of its own: a developer's .dev.vars in the repository plays no part.
  writeConfig(join(dir, 'app'));
  dev = await startDev({ persistTo: dir, vars, cwd: join(dir, 'app') });
  url = dev.url;
  // The first Cron Trigger creates the default personas on the new database.
  expect((await fetch(`${url}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
  for (let i = 0; i < 50 && (await (await send('/api/admin/personas')).json() as { data?: unknown[] }).data?.length !== 4; i++) await sleep(100);
}, 240_000);

afterAll(async () => {
  await dev?.stop();
  await resend?.close();
  await anthropic?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Worker', () => {
  it('passes the same admin contract as Node', async () => {
    await runAdminContract(send, readSeedMarkdown(), 'w');
  }, 120_000);

  it('schedules an edition, fires the Cron Trigger, drains the Queue: everyone once, with their variant', async () => {
    const personas = ['everyday', 'executive', 'engineer', 'investor'];
    const N = 24;
    for (let i = 0; i < N; i++) {
      const r = await send('/api/admin/subscribers', { method: 'POST', json: { email: `w${i}@example.com`, name: `Reader ${i}`, persona: personas[i % 4], language: i % 2 ? 'es' : 'en' } });
      expect(r.status).toBe(201);
    }
    const created = await send('/api/admin/editions', { method: 'POST', body: readSeedMarkdown(), headers: { 'content-type': 'text/markdown' } });
    expect(created.status).toBe(201);
    const edition = (await created.json()) as { id: number };
    const at = new Date(Date.now() + 1500).toISOString();
    const s = await send(`/api/admin/editions/${edition.id}/send`, { method: 'POST', json: { at } });
    expect(s.status).toBe(202);
    expect(((await s.json()) as { status: string }).status).toBe('scheduled');
    await sleep(2000);
    expect((await fetch(`${url}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);

    let progress: Progress | undefined;
    for (let i = 0; i < 300; i++) {
      progress = (await (await send(`/api/admin/editions/${edition.id}/progress`)).json()) as Progress;
      if (progress.status === 'sent') break;
      await sleep(200);
    }
    if (progress?.status !== 'sent') console.log(dev!.log().split('\n').filter((l) => !l.includes("progress 200")).join("\n").slice(-6000));
    expect(progress).toMatchObject({ status: 'sent', total: N, sent: N });
    const counts = new Map<string, number>();
    for (const e of resend.emails) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    for (let i = 0; i < N; i++) expect(counts.get(`w${i}@example.com`)).toBe(1);
    for (let i = 0; i < N; i++) {
      const mail = resend.sentTo(`w${i}@example.com`)[0];
      expect(mail.html).toContain(`[${personas[i % 4]}/${i % 2 ? 'Spanish' : 'English'}]`);
      // The credit line is in the reader's language.
      expect(mail.html).toContain(i % 2 ? 'Resumido con Claude' : 'Summarized with Claude');
      expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    }
    // One Claude call per variant, never per subscriber.
    expect(anthropic.calls.length).toBeLessThanOrEqual(personas.length * 2);
  }, 120_000);

  it('serves the editors’ console: sign-in, its pages, D1’s subscriber counts, a send scheduled in the editor’s zone', async () => {
    const signIn = await fetch(`${url}/admin/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
      body: new URLSearchParams({ token: ADMIN }),
    });
    expect(signIn.status).toBe(303);
    const cookie = /pp_console=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
    const page = async (path: string) => {
      const r = await fetch(url + path, { headers: { cookie } });
      expect(r.status, path).toBe(200);
      return r.text();
    };
    for (const path of ['/admin/editions', '/admin/personas', '/admin/settings', '/admin/subscribers/import']) await page(path);
    expect((await fetch(`${url}/admin/console.js`)).headers.get('content-type')).toMatch(/javascript/);
    // The counts D1 keeps by trigger agree with the list the API pages through.
    let total = 0;
    for (let cursor = ''; ; ) {
      const r = (await (await send(`/api/admin/subscribers?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { data: unknown[]; nextCursor: string | null };
      total += r.data.length;
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(textOf(await page('/admin/subscribers'), 'counts')).toMatch(new RegExp(`^${total} subscribers`));
    // A new edition from the console's form, scheduled at 09:00 in Madrid: 08:00 UTC.
    const post = async (path: string, from: string, fields: Record<string, string>) =>
      fetch(url + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, cookie },
        body: new URLSearchParams({ ...fields, _csrf: formTokenIn(await page(from), path) }),
      });
    const created = await post('/admin/editions', '/admin/editions/new', { number: '901', title: 'From the console', date: '2026-12-01', language: 'en', body: 'Body text.' });
    expect(created.status).toBe(303);
    const id = /\/admin\/editions\/(\d+)/.exec(created.headers.get('location')!)![1];
    for (const tab of ['', '/tldrs', '/compare', '/test', '/progress', '/stats']) await page(`/admin/editions/${id}${tab}`);
    expect((await fetch(`${url}/admin/editions/${id}/preview?as=engineer`, { headers: { cookie } })).headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
    const year = new Date().getUTCFullYear() + 1;
    expect((await post(`/admin/editions/${id}/send`, `/admin/editions/${id}/send`, { when: 'later', at: `${year}-12-01T09:00`, tz: 'Europe/Madrid' })).status).toBe(303);
    expect(((await (await send(`/api/admin/editions/${id}`)).json()) as { status: string; scheduledAt: string })).toMatchObject({ status: 'scheduled', scheduledAt: `${year}-12-01T08:00:00.000Z` });
    expect((await send(`/api/admin/editions/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    // Forgery is refused here too.
    expect((await fetch(`${url}/admin/editions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', cookie }, body: 'title=x' })).status).toBe(403);
  }, 60_000);
  it('reads public forms with the same streaming parser: multipart works, a malformed one is a 400, the answer follows Accept', async () => {
    const form = new FormData();
    form.set('email', 'worker-form@example.com');
    const json = await send('/api/subscribe', { method: 'POST', body: form, auth: false, headers: { accept: 'application/json' } });
    expect(json.status).toBe(202);
    expect(await json.json()).toEqual({ status: 'pending' });
    const page = await send('/api/subscribe', { method: 'POST', body: 'email=worker-page%40example.com', auth: false, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
    expect(page.status).toBe(202);
    expect(await page.text()).toContain('Check your inbox');
    const bad = await send('/api/subscribe', { method: 'POST', body: '--b\r\n\r\nx\r\n--b--\r\n', auth: false, headers: { 'content-type': 'multipart/form-data; boundary=other' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('folds an edition past the retention window on D1, in statements under its limits: the stats answer the same', async () => {
    const personas = ['everyday', 'executive', 'engineer', 'investor'];
    const csv = ['email,name,persona,language', ...Array.from({ length: 250 }, (_, i) => `fold${i}@example.com,Folded ${i},${personas[i % 4]},${i % 3 ? 'en' : 'es'}`)].join('\n');
    expect((await send('/api/admin/subscribers/import', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    const md = readSeedMarkdown().replace(/^number: \d+$/m, 'number: 77').replace(/^title: .*$/m, 'title: "Folded on D1"');
    const edition = (await (await send('/api/admin/editions', { method: 'POST', body: md, headers: { 'content-type': 'text/markdown' } })).json()) as { id: number };
    expect((await send(`/api/admin/editions/${edition.id}/send`, { method: 'POST', json: {} })).status).toBe(202);
    let progress: Progress | undefined;
    for (let i = 0; i < 300 && progress?.status !== 'sent'; i++) {
      await sleep(200);
      progress = (await (await send(`/api/admin/editions/${edition.id}/progress`)).json()) as Progress;
    }
    expect(progress).toMatchObject({ status: 'sent' });
    const total = progress!.total;
    expect(total).toBeGreaterThan(200);

    // Feedback through the real webhook route: every email delivered, some opened and clicked, a few bounced.
    const mine = resend.emails.filter((e) => e.tags?.some((t) => t.name === 'edition' && t.value === String(edition.id)));
    for (const [i, e] of mine.entries()) {
      const post = (type: Parameters<FakeResend['event']>[0], extra = {}) => postSignedWebhook(`${url}/webhooks/resend`, WEBHOOK_SECRET, resend.event(type, e.id, extra));
      expect((await post('email.delivered')).status).toBe(200);
      if (i % 3 === 0) await post('email.opened');
      if (i % 7 === 0) await post('email.clicked', { link: i % 2 ? 'https://example.com/a' : e.html!.match(/href="([^"]*\/unsubscribe\/[^"]+)"/)![1] });
      if (i % 50 === 0) await post('email.bounced', { bounceType: 'Permanent' });
    }
    const stats = async () => (await send(`/api/admin/editions/${edition.id}/stats`)).json();
    const before = (await stats()) as { total: { delivered: number; clicked: number }; links: unknown[] };
    expect(before.total).toMatchObject({ delivered: total, clicked: Math.ceil(total / 7) });
    expect(before.links).toHaveLength(2);
    const rows = async () => JSON.parse(await run(['d1', 'execute', 'DB', '--local', '--persist-to', dir, '--json', '--command',
      `SELECT (SELECT count(*) FROM deliveries WHERE edition_id = ${edition.id}) AS deliveries, (SELECT count(*) FROM delivery_clicks) AS clicks`])) as [{ results: { deliveries: number; clicks: number }[] }];

    // Its send ended long ago (D1's clock cannot be moved; the edition's can), and the Cron Trigger fires.
    await run(['d1', 'execute', 'DB', '--local', '--persist-to', dir, '--command', `UPDATE editions SET sent_at = '2020-01-01T00:00:00.000Z' WHERE id = ${edition.id}`]);
    expect((await rows())[0].results[0].deliveries).toBe(total);
    expect((await fetch(`${url}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    for (let i = 0; i < 20 && (await rows())[0].results[0].deliveries > 0; i++) await sleep(500);
    expect((await rows())[0].results[0]).toEqual({ deliveries: 0, clicks: 0 });
    expect(await stats()).toEqual(before);
    expect((await (await send(`/api/admin/editions/${edition.id}/progress`)).json()) as Progress).toEqual(progress);
  }, 180_000);

  it('sends a burst of 14 sign-ups at a Resend limit of 2 requests a second: 14 confirmations, each exactly once', async () => {
    resend.setRateLimit(2);
    const before = { calls: resend.stats.batchRequests, limited: resend.stats.rejected429 };
    try {
      const emails = Array.from({ length: 14 }, (_, i) => `signup${i}@example.com`);
      // A burst of distinct readers (Cloudflare sets CF-Connecting-IP, and the Worker trusts it).
      const answers = await Promise.all(
        emails.map((email, i) =>
          fetch(`${url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': `203.0.113.${i + 1}` }, body: JSON.stringify({ email }) }),
        ),
      );
      for (const r of answers) {
        expect(r.status).toBe(202);
        expect(await r.json()).toEqual({ status: 'pending' });
      }
      for (let i = 0; i < 300 && !emails.every((e) => resend.sentTo(e).length > 0); i++) {
        // The Cron Trigger drains too, as a safety net behind the Queue message.
        if (i % 25 === 24) await fetch(`${url}/__scheduled?cron=*+*+*+*+*`);
        await sleep(200);
      }
      // One more tick and a pause: nothing goes out twice.
      await fetch(`${url}/__scheduled?cron=*+*+*+*+*`);
      await sleep(1500);
      for (const email of emails) {
        const got = resend.sentTo(email);
        expect(got, email).toHaveLength(1);
        expect(got[0].subject).toBe('Confirm your subscription to Primera Plana');
      }
      console.log(`14 sign-ups at 2 req/s: ${resend.stats.batchRequests - before.calls} provider calls, ${resend.stats.rejected429 - before.limited} answered 429`);
    } finally {
      resend.setRateLimit(0);
    }
  }, 120_000);

  it('sends a test copy through the transactional queue, with an idempotency key', async () => {
    const { data } = (await (await send('/api/admin/editions')).json()) as { data: { id: number }[] };
    const r = await send(`/api/admin/editions/${data[0].id}/test`, { method: 'POST', json: { to: ['worker-editor@example.com'] } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ sent: 1, ids: [expect.stringMatching(/^tx_\d+$/)], rejected: [] });
    for (let i = 0; i < 150 && resend.sentTo('worker-editor@example.com').length === 0; i++) await sleep(200);
    const [copy] = resend.sentTo('worker-editor@example.com');
    expect(copy.subject).toMatch(/^\[TEST\] /);
    expect(copy.idempotencyKey).toMatch(/^pp-tx-[0-9a-f-]{36}$/);
  }, 60_000);

  it('serves the edition illustration at the same URL as Node', async () => {
    const r = await fetch(`${url}/assets/editions/0058.png`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
  });

  it('serves the API reference: the same OpenAPI document as Node, the page under its CSP, Swagger UI as static assets', async () => {
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    const node = await makeTestApp();
    try {
      expect(doc).toEqual(await (await node.app.request('/api/openapi.json')).json());
    } finally {
      node.close();
    }
    const page = await fetch(`${url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    const files = [...(await page.text()).matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(files).toHaveLength(3);
    for (const path of files) {
      const res = await fetch(url + path);
      expect(res.status, path).toBe(200);
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
  });

  it('builds a deployable bundle well under the 10 MB compressed limit', async () => {
    const out = join(dir, 'bundle');
    await run(['deploy', '--dry-run', '--outdir', out]);
    const raw = readFileSync(join(out, 'worker.js'));
    const gz = gzipSync(raw).length;
    console.log(`worker bundle: ${(statSync(join(out, 'worker.js')).size / 1024).toFixed(0)} KiB, ${(gz / 1024).toFixed(0)} KiB gzipped (limit 10 MB; goal < 1 MB)`);
    expect(gz).toBeLessThan(10 * 1024 * 1024);
    expect(raw.includes('better-sqlite3')).toBe(false);
    expect(raw.includes('node-cron')).toBe(false);
  }, 180_000);
});
