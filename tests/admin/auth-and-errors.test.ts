/**
 * What every admin route shares: the bearer token (401 without it or with a wrong one, and no
 * side effect), the one error shape `{error:{code,message}}`, the bad-input classes of the JSON
 * routes, secure headers on every response, and GET /healthz.
 */
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

async function expectError(res: Response, status: number, code: string, mentions?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (mentions) expect(body.error.message).toMatch(mentions);
  return body.error;
}

function expectSecureHeaders(res: Response) {
  const h = res.headers;
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(h.get('referrer-policy')).toBe('no-referrer');
  expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(h.get('content-security-policy')).toMatch(/default-src 'self'/);
  expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
}

const counts = async () =>
  t.deps.db.get<{ personas: number; subscribers: number; editions: number }>(
    sql`select (select count(*) from personas) as personas, (select count(*) from subscribers) as subscribers, (select count(*) from editions) as editions`,
  );

/** Every admin route the app serves, with its parameters filled in. */
function adminRoutes(): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const r of t.app.routes) {
    if (!r.path.startsWith('/api/admin/') || r.method === 'ALL' || r.path.endsWith('*')) continue;
    const path = r.path
      .replace(':slug', 'everyday')
      .replace(':id', r.path.startsWith('/api/admin/subscribers') ? 'sub_000000000aaaaaaaaaaaaaaaaaaaa' : '1')
      .replace(':persona', 'everyday');
    const key = `${r.method} ${path}`;
    if (!seen.has(key)) out.push([r.method, path]);
    seen.add(key);
  }
  return out;
}

describe('the admin token', () => {
  it('guards every admin route: the table includes the foundation routes', async () => {
    const routes = adminRoutes().map(([m, p]) => `${m} ${p}`);
    for (const r of [
      'GET /api/admin/personas', 'POST /api/admin/personas', 'GET /api/admin/personas/everyday', 'PATCH /api/admin/personas/everyday',
      'DELETE /api/admin/personas/everyday', 'GET /api/admin/subscribers', 'POST /api/admin/subscribers', 'POST /api/admin/subscribers/import',
      'GET /api/admin/subscribers/export', 'GET /api/admin/subscribers/sub_000000000aaaaaaaaaaaaaaaaaaaa',
      'PATCH /api/admin/subscribers/sub_000000000aaaaaaaaaaaaaaaaaaaa', 'DELETE /api/admin/subscribers/sub_000000000aaaaaaaaaaaaaaaaaaaa',
      'GET /api/admin/editions', 'POST /api/admin/editions', 'GET /api/admin/editions/1', 'PATCH /api/admin/editions/1', 'DELETE /api/admin/editions/1',
    ]) {
      expect(routes).toContain(r);
    }
  });

  const badCredentials: [string, Record<string, string>, RegExp][] = [
    ['no Authorization header', {}, /missing bearer token/],
    ['a wrong token', { authorization: 'Bearer not-the-admin-token' }, /invalid admin token/],
    ['the token with a character missing', { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` }, /invalid admin token/],
    ['the token with a suffix', { authorization: `Bearer ${ADMIN_TOKEN}x` }, /invalid admin token/],
    ['the token without the Bearer scheme', { authorization: ADMIN_TOKEN }, /missing bearer token/],
    ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` }, /missing bearer token/],
    ['an empty bearer', { authorization: 'Bearer ' }, /missing bearer token/],
  ];

  it.each(badCredentials)('answers 401 to %s on every admin route, and changes nothing', async (_what, headers, mentions) => {
    const before = await counts();
    const routes = adminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(17);
    for (const [method, path] of routes) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ label: 'Hacked', email: 'x@example.com' });
      const res = await t.app.request(path, { method, headers: { ...headers, 'content-type': 'application/json' }, body });
      const error = await expectError(res, 401, 'unauthorized', mentions);
      expect(error, `${method} ${path}`).toBeDefined();
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
      expectSecureHeaders(res);
    }
    expect(await counts()).toEqual(before);
  });

  it('the token in the query string is not accepted', async () => {
    await expectError(await t.app.request(`/api/admin/personas?token=${ADMIN_TOKEN}`), 401, 'unauthorized');
    await expectError(await t.app.request(`/api/admin/personas?access_token=${ADMIN_TOKEN}`), 401, 'unauthorized');
  });

  it('accepts the right token whatever the case of the scheme and surrounding spaces', async () => {
    for (const authorization of [`Bearer ${ADMIN_TOKEN}`, `bearer ${ADMIN_TOKEN}`, `BEARER   ${ADMIN_TOKEN}  `]) {
      const res = await t.app.request('/api/admin/personas', { headers: { authorization } });
      expect(res.status, authorization).toBe(200);
    }
  });

  it('an unauthorised write leaves the data as it was', async () => {
    const before = await counts();
    const wrong = { authorization: 'Bearer wrong-token-0123456789' };
    await t.app.request('/api/admin/personas/investor', { method: 'DELETE', headers: wrong });
    await t.app.request('/api/admin/editions/1', { method: 'DELETE', headers: wrong });
    await t.app.request('/api/admin/subscribers/import', { method: 'POST', headers: { ...wrong, 'content-type': 'text/csv' }, body: 'email\na@example.com\n' });
    await t.app.request('/api/admin/subscribers', { method: 'POST', headers: { ...wrong, 'content-type': 'application/json' }, body: '{"email":"b@example.com"}' });
    expect(await counts()).toEqual(before);
  });

  it('does not guard the public routes: /healthz answers without a token', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
  });
});

describe('bad input on the JSON routes', () => {
  const jsonRoutes = async (): Promise<[string, string][]> => {
    const sub = await t.admin('/subscribers', { method: 'POST', json: { email: 'someone@example.com' } });
    const { id } = (await sub.json()) as { id: string };
    return [
      ['POST', '/personas'],
      ['PATCH', '/personas/engineer'],
      ['POST', '/subscribers'],
      ['PATCH', `/subscribers/${id}`],
      ['POST', '/editions'],
      ['PATCH', '/editions/1'],
    ];
  };

  it.each([
    ['a truncated object', '{"email": "a@example.com"'],
    ['single quotes', "{'email': 'a@example.com'}"],
    ['a trailing comma', '{"email": "a@example.com",}'],
    ['an empty body', ''],
    ['plain text', 'email=a@example.com'],
  ])('malformed JSON (%s) is a 400 bad_request saying so, on every JSON route, and nothing changes', async (_what, body) => {
    const routes = await jsonRoutes();
    const before = await counts();
    for (const [method, path] of routes) {
      const res = await t.admin(path, { method, headers: { 'content-type': 'application/json' }, body });
      await expectError(res, 400, 'bad_request', /malformed JSON/);
    }
    expect(await counts()).toEqual(before);
  });

  it('a JSON value that is not an object is a 400 validation error on every JSON route', async () => {
    const routes = await jsonRoutes();
    for (const body of ['[]', '"text"', '42', 'true']) {
      for (const [method, path] of routes) {
        const res = await t.admin(path, { method, headers: { 'content-type': 'application/json' }, body });
        await expectError(res, 400, 'validation_error');
      }
    }
  });

  it('an unknown field beside valid ones is a 400 naming it on every JSON route, and nothing changes', async () => {
    const routes = await jsonRoutes();
    const valid: Record<string, Record<string, unknown>> = {
      'POST /personas': { slug: 'new-one', label: 'New', description: 'A reader who is new to all of this.' },
      'POST /subscribers': { email: 'valid@example.com' },
      'POST /editions': { number: 70, title: 'T', date: '2026-01-01', body: 'b' },
    };
    const before = await counts();
    for (const [method, path] of routes) {
      const res = await t.admin(path, { method, json: { ...valid[`${method} ${path}`], surprise: 1 } });
      const error = await expectError(res, 400, 'validation_error', /unknown field.*surprise/);
      expect(error.field, `${method} ${path}`).toBe('surprise');
    }
    expect(await counts()).toEqual(before);
  });

  it('an oversize field is a 400 naming the field; an oversize body a 413 naming the limit', async () => {
    const long = 'x'.repeat(3000);
    await expectError(await t.admin('/personas', { method: 'POST', json: { slug: 'big', label: 'Big', description: long } }), 400, 'validation_error', /description/);
    await expectError(await t.admin('/subscribers', { method: 'POST', json: { email: `${long}@example.com` } }), 400, 'validation_error', /email/);
    await expectError(await t.admin('/subscribers', { method: 'POST', json: { email: 'big@example.com', name: long.slice(0, 101) } }), 400, 'validation_error', /name/);
    const huge = 'x'.repeat(1_000_000);
    await expectError(await t.admin('/personas', { method: 'POST', json: { slug: 'big', label: 'Big', description: huge } }), 413, 'payload_too_large', /16 KB/);
    await expectError(await t.admin('/subscribers', { method: 'POST', json: { email: 'big@example.com', name: huge } }), 413, 'payload_too_large', /4 KB/);
    expect(await counts()).toMatchObject({ personas: 4, subscribers: 0 });
  });

  it('a form or text body on a JSON-only route is a 415', async () => {
    const res = await t.admin('/personas', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'slug=x' });
    await expectError(res, 415, 'unsupported_media_type', /application\/json/);
    const res2 = await t.admin('/subscribers', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"email":"a@example.com"}' });
    await expectError(res2, 415, 'unsupported_media_type');
  });

  it('validation errors name the field in `field` as well as in the message', async () => {
    const error = await expectError(await t.admin('/subscribers', { method: 'POST', json: { email: 'nope' } }), 400, 'validation_error', /^email: /);
    expect(error.field).toBe('email');
    const nested = await expectError(
      await t.admin('/editions', { method: 'POST', json: { number: 1, title: 'T', date: '2026-01-01', body: 'b', illustration: { src: 'ftp://x', alt: 'A' } } }),
      400,
      'validation_error',
      /^illustration\.src: /,
    );
    expect(nested.field).toBe('illustration.src');
  });
});

describe('unknown routes and methods', () => {
  it('an unknown admin route is a JSON 404 (with the token) or a 401 (without)', async () => {
    await expectError(await t.admin('/nothing-here'), 404, 'not_found');
    await expectError(await t.admin('/personas', { method: 'PUT', json: {} }), 404, 'not_found');
    await expectError(await t.app.request('/api/admin/nothing-here'), 401, 'unauthorized');
  });

  it('an unknown public route is a JSON 404', async () => {
    await expectError(await t.app.request('/no/such/page'), 404, 'not_found');
  });
});

describe('secure headers', () => {
  it('are on every kind of response: 200, 201, 204, 400, 401, 404, 409, 413, 415, CSV, health', async () => {
    const responses: [string, Response][] = [];
    const add = async (what: string, res: Response | Promise<Response>) => responses.push([what, await res]);
    await add('health 200', t.app.request('/healthz'));
    await add('list 200', t.admin('/personas'));
    await add('create 201', t.admin('/subscribers', { method: 'POST', json: { email: 'h@example.com' } }));
    await add('export csv', t.admin('/subscribers/export'));
    await add('delete 204', t.admin('/personas/investor', { method: 'DELETE' }));
    await add('validation 400', t.admin('/subscribers', { method: 'POST', json: { email: 'nope' } }));
    await add('malformed 400', t.admin('/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }));
    await add('unauthorized 401', t.app.request('/api/admin/personas'));
    await add('resource 404', t.admin('/editions/9999'));
    await add('route 404', t.app.request('/no/such/page'));
    await add('conflict 409', t.admin('/personas/everyday', { method: 'DELETE' }));
    await add('too large 413', t.admin('/editions', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: 'x'.repeat(400_000) }));
    await add('media type 415', t.admin('/personas', { method: 'POST', body: 'x' }));
    expect(responses.map(([what, res]) => `${what}: ${res.status}`)).toEqual([
      'health 200: 200', 'list 200: 200', 'create 201: 201', 'export csv: 200', 'delete 204: 204', 'validation 400: 400',
      'malformed 400: 400', 'unauthorized 401: 401', 'resource 404: 404', 'route 404: 404', 'conflict 409: 409',
      'too large 413: 413', 'media type 415: 415',
    ]);
    for (const [, res] of responses) expectSecureHeaders(res);
  });
});

describe('GET /healthz', () => {
  it('answers 200 {ok:true} while the database answers', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 503 {ok:false} when the database does not', async () => {
    const broken = await makeTestApp();
    broken.close();
    const res = await broken.app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false });
    expectSecureHeaders(res);
  });
});
