/**
 * Every route that takes a body has a limit that fits its content: past it, 413
 * `payload_too_large` naming the limit, and the body is not read further. The routes are taken
 * from the app's own route table, so a new route without a limit fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeTestApp, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';
import { activeSubscriber, freshIp, tokenFor } from '../reader/helpers.js';

/** Each body-taking route and the limit its 413 names. */
const LIMITS: Record<string, string> = {
  'POST /api/subscribe': '16 KB',
  'POST /resubscribe/:token': '1 KB',
  'POST /confirm/:token': '1 KB',
  'POST /preferences/:token': '16 KB',
  'POST /persona/:token': '4 KB',
  'POST /unsubscribe/:token': '64 KB',
  'POST /webhooks/resend': '262144 bytes',
  'POST /api/admin/personas': '16 KB',
  'PATCH /api/admin/personas/:slug': '16 KB',
  'POST /api/admin/subscribers': '4 KB',
  'PATCH /api/admin/subscribers/:id': '4 KB',
  'POST /api/admin/subscribers/import': '64 MB',
  'POST /api/admin/editions': '256 KB',
  'PATCH /api/admin/editions/:id': '256 KB',
  'POST /api/admin/editions/:id/tldrs': '1 KB',
  'PUT /api/admin/editions/:id/tldrs/:persona': '32 KB',
  'POST /api/admin/editions/:id/translations': '1 KB',
  'PUT /api/admin/editions/:id/translations/:lang': '256 KB',
  'POST /api/admin/editions/:id/send': '1 KB',
  'POST /api/admin/editions/:id/cancel': '1 KB',
  'POST /api/admin/editions/:id/test': '8 KB',
  // The editors' console (src/console/guard.ts): its forms, the sign-in, and the CSV upload it streams to the API.
  'POST /admin/sign-in': '4 KB',
  'POST /admin/sign-out': '512 KB',
  'POST /admin/editions': '512 KB',
  'POST /admin/editions/:id{[0-9]+}': '512 KB',
  'POST /admin/editions/:id{[0-9]+}/cancel': '512 KB',
  'POST /admin/editions/:id{[0-9]+}/send': '512 KB',
  'POST /admin/editions/:id{[0-9]+}/test': '512 KB',
  'POST /admin/editions/:id{[0-9]+}/tldrs': '512 KB',
  'POST /admin/editions/:id{[0-9]+}/tldrs/:persona/:lang': '512 KB',
  'POST /admin/editions/:id{[0-9]+}/translations': '512 KB',
  'POST /admin/editions/:id{[0-9]+}/translations/:lang': '512 KB',
  'POST /admin/personas/new': '512 KB',
  'POST /admin/personas/:slug': '512 KB',
  'POST /admin/personas/:slug/default': '512 KB',
  'POST /admin/personas/:slug/delete': '512 KB',
  'POST /admin/subscribers/new': '512 KB',
  'POST /admin/subscribers/:id{sub_[0-9a-z]+}': '512 KB',
  'POST /admin/subscribers/:id{sub_[0-9a-z]+}/erase': '512 KB',
  'POST /admin/subscribers/import': '64 MB',
};
const bytesOf = (limit: string) => {
  const [n, unit] = limit.split(' ');
  return Number(n) * ({ bytes: 1, KB: 1024, MB: 1024 * 1024 } as Record<string, number>)[unit];
};

let t: TestApp;
let params: Record<string, string>;
beforeAll(async () => {
  t = await makeTestApp();
  const s = await activeSubscriber(t, 'limits@example.com');
  params = { ':id': '1', ':slug': 'everyday', ':persona': 'engineer', ':lang': 'es', ':token': tokenFor(s, 'unsubscribe') };
});
afterAll(() => t.close());

/** `METHOD /path` for every route of the app that takes a body. */
function bodyRoutes(): string[] {
  const found = t.app.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method)).map((r) => `${r.method} ${r.path}`);
  return [...new Set(found)].sort();
}

function request(route: string, init: { body: RequestInit['body']; headers?: Record<string, string> }) {
  const [method, template] = route.split(' ');
  const path = template.replace(/:\w+/g, (p) => (p === ':token' && template.startsWith('/confirm') ? tokenFor({ id: 'x', tokenVersion: 1 }, 'confirm', Date.now() + 1e9) : params[p]));
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-forwarded-for': freshIp(), ...init.headers };
  return t.app.request(path, { method, headers, body: init.body, duplex: 'half' } as RequestInit);
}

/** A body of `size` bytes made as it is read; `pulled()` says how much was. */
function lazyBody(size: number) {
  const chunk = new TextEncoder().encode('{"pad":"'.padEnd(64 * 1024, 'x'));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

describe('body limits', () => {
  it('the table above names every route that takes a body', () => {
    expect(bodyRoutes()).toEqual(Object.keys(LIMITS).sort());
  });

  it('a declared 100 MB body: 413 payload_too_large naming the limit, before reading', async () => {
    for (const route of bodyRoutes()) {
      const res = await request(route, { body: '{}', headers: { 'content-length': String(100 * 1024 * 1024) } });
      const err = await expectError(res, 413, 'payload_too_large');
      expect(err.message, route).toContain(LIMITS[route]);
    }
  });

  it('a streamed 20 MB body without Content-Length: 413, read no further than the limit', async () => {
    for (const route of bodyRoutes()) {
      const body = lazyBody(20 * 1024 * 1024);
      const res = await request(route, { body: body.stream });
      if (route === 'POST /api/admin/subscribers/import' || route === 'POST /admin/subscribers/import') {
        // A JSON body is not a CSV: refused by its type, unread.
        await expectError(res, 415, 'unsupported_media_type');
      } else {
        expect((await expectError(res, 413, 'payload_too_large')).message, route).toContain(LIMITS[route]);
      }
      expect(body.pulled(), route).toBeLessThanOrEqual(bytesOf(LIMITS[route]) + 128 * 1024);
    }
  });

  it('a streamed CSV import past 64 MB is cut at the limit with a 413, never held in memory whole', async () => {
    const row = new TextEncoder().encode(`x,${'a'.repeat(30 * 1024)}\n`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode('email,name\n')),
      pull(c) {
        if (sent > 70 * 1024 * 1024) return c.close();
        sent += row.length;
        c.enqueue(row);
      },
    });
    const res = await request('POST /api/admin/subscribers/import', { body: stream, headers: { 'content-type': 'text/csv' } });
    const err = await expectError(res, 413, 'payload_too_large', /64 MB/);
    // The rows before the cut were read (and, had they been good, kept): the answer says how far.
    expect(err.message).toMatch(/rows before line \d{4} were imported/);
    expect(sent).toBeLessThan(65 * 1024 * 1024);
  });
});
