import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Resend } from 'resend';
import { startFakeResend, type FakeResend } from './resend-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const mail = (i: number, extra: Record<string, unknown> = {}) => ({
  from: 'Primera Plana <newsletter@primeraplana.dev>',
  to: `reader${i}@example.com`,
  subject: `Edition #58 for reader ${i}`,
  html: `<p>Hello ${i}</p>`,
  text: `Hello ${i}`,
  headers: { 'List-Unsubscribe': `<https://pp.dev/unsubscribe/${i}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  tags: [{ name: 'edition', value: '58' }],
  ...extra,
});

let fake: FakeResend;
let resend: Resend;
beforeAll(async () => {
  fake = await startFakeResend();
  resend = new Resend('re_test_key', { baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(() => fake.clear());

/** A raw call with the SDK's headers, for bodies the SDK cannot produce. */
const raw = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer re_test_key', 'content-type': 'application/json', 'user-agent': 'resend-node:6.38.0', ...headers },
    body: JSON.stringify(body),
  });

describe('fake Resend: success shapes through the real SDK', () => {
  it('sends one email: {data:{id}, error:null}, stores every field, logs the SDK headers', async () => {
    const res = await resend.emails.send({ ...mail(1), replyTo: 'editor@primeraplana.dev' });
    expect(res.error).toBeNull();
    expect(res.data?.id).toMatch(UUID);
    expect(fake.emails).toHaveLength(1);
    const stored = fake.email(res.data!.id)!;
    expect(stored).toMatchObject({ to: ['reader1@example.com'], subject: 'Edition #58 for reader 1', html: '<p>Hello 1</p>', text: 'Hello 1' });
    expect(stored.reply_to).toEqual(['editor@primeraplana.dev']);
    expect(stored.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(stored.idempotencyKey).toBeNull();
    expect(typeof stored.receivedAt).toBe('number');
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/emails', status: 200, outcome: 'answered' });
    expect(fake.requests[0].headers?.['user-agent']).toBe('resend-node:6.38.0');
    expect(fake.requests[0].headers?.authorization).toBe('Bearer re_test_key');
  });

  it('sends a batch: data.data holds one UUID per email, strict header by default', async () => {
    const res = await resend.batch.send([mail(1), mail(2), mail(3)]);
    expect(res.error).toBeNull();
    expect(res.data?.data.map((d) => d.id)).toEqual(fake.emails.map((e) => e.id));
    expect(res.data?.data.every((d) => UUID.test(d.id))).toBe(true);
    expect(res.data).not.toHaveProperty('errors');
    expect(fake.requests[0].headers?.['x-batch-validation']).toBe('strict');
    expect(fake.sentTo('READER2@example.com')).toHaveLength(1);
    expect(fake.emails.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(fake.stats).toMatchObject({ requests: 1, batchRequests: 1, accepted: 3 });
  });

  it('GET /emails/:id returns the stored email; unknown id is 404 not_found', async () => {
    const sent = await resend.emails.send(mail(7));
    const got = await resend.emails.get(sent.data!.id);
    expect(got.data).toMatchObject({ object: 'email', id: sent.data!.id, to: ['reader7@example.com'], subject: 'Edition #58 for reader 7', last_event: 'sent' });
    const missing = await resend.emails.get('4ef9a417-02e9-4d39-ad75-9611e0fcc33c');
    expect(missing.error).toMatchObject({ statusCode: 404, name: 'not_found' });
  });

  it('accepts Name <addr> and arrays of up to 50 recipients', async () => {
    const to = Array.from({ length: 50 }, (_, i) => `"Reader ${i}" <r${i}@example.com>`);
    const res = await resend.emails.send(mail(1, { to }));
    expect(res.error).toBeNull();
    expect(fake.sentTo('r49@example.com')).toHaveLength(1);
  });
});

describe('fake Resend: authentication', () => {
  it('401 missing_api_key without Authorization', async () => {
    const res = await raw('/emails', mail(1), { authorization: '' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ statusCode: 401, name: 'missing_api_key', message: 'Missing API key in the authorization header.' });
  });

  it('403 invalid_api_key for an unknown key (the SDK returns it as error)', async () => {
    const res = await new Resend('re_wrong', { baseUrl: fake.url }).emails.send(mail(1));
    expect(res).toMatchObject({ data: null, error: { statusCode: 403, name: 'invalid_api_key' } });
    expect(fake.emails).toHaveLength(0);
  });

  it('unknown path 404, wrong method 405', async () => {
    expect((await raw('/nope', {})).status).toBe(404);
    const res = await fetch(`${fake.url}/emails/batch`, { headers: { authorization: 'Bearer re_test_key', 'user-agent': 'x' } });
    expect(res.status).toBe(405);
  });
});

describe('fake Resend: per-email validation (422, nothing stored)', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['missing from', { from: undefined }, 'missing_required_field', /Missing `from` field/],
    ['bad from', { from: 'newsletter' }, 'validation_error', /Invalid `from` field/],
    ['missing to', { to: undefined }, 'missing_required_field', /Missing `to` field/],
    ['bad to', { to: 'not-an-address' }, 'validation_error', /Invalid `to` field\. The email address needs to follow/],
    ['bad to in array', { to: ['ok@example.com', 'bad@'] }, 'validation_error', /Invalid `to` field/],
    ['51 recipients', { to: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) }, 'validation_error', /maximum of 50/],
    ['empty subject', { subject: '  ' }, 'validation_error', /subject/],
    ['no html nor text', { html: undefined, text: undefined }, 'missing_required_field', /html` or `text/],
    ['header value with CRLF', { headers: { 'X-Evil': 'a\r\nBcc: x@example.com' } }, 'validation_error', /line breaks/],
    ['header name with space', { headers: { 'Bad Name': 'v' } }, 'validation_error', /not a valid header name/],
    ['header value not string', { headers: { 'X-N': 5 } }, 'validation_error', /must be a string/],
    ['tag with a dot', { tags: [{ name: 'edition', value: '5.8' }] }, 'validation_error', /Invalid `tags` field/],
    ['tag name too long', { tags: [{ name: 'x'.repeat(257), value: 'v' }] }, 'validation_error', /Invalid `tags` field/],
    ['bad reply_to', { replyTo: ['a@example.com', 'nope'] }, 'validation_error', /Invalid `reply_to` field/],
  ];
  it.each(cases)('%s', async (_label, override, name, message) => {
    const res = await resend.emails.send(mail(1, override) as Parameters<Resend['emails']['send']>[0]);
    expect(res.data).toBeNull();
    expect(res.error).toMatchObject({ statusCode: 422, name });
    expect(res.error?.message).toMatch(message);
    expect(fake.emails).toHaveLength(0);
    expect(fake.stats.validationFailed).toBe(1);
  });

  it('rejects unknown top-level fields, in single and batch sends', async () => {
    const single = await raw('/emails', { ...mail(1), react: '<X/>' });
    expect(single.status).toBe(422);
    const batch = await raw('/emails/batch', [mail(1), { ...mail(2), priority: 'high' }]);
    expect(await batch.json()).toMatchObject({ statusCode: 422, name: 'validation_error', message: expect.stringMatching(/emails\[1\].*`priority`/) });
    expect(fake.emails).toHaveLength(0);
  });

  it('rejects attachments and scheduled_at in a batch, but takes them on a single send', async () => {
    const att = [{ filename: 'a.txt', content: 'aGVsbG8=' }];
    const withAttachment = [{ ...mail(1), attachments: att }] as unknown as Parameters<Resend['batch']['send']>[0];
    expect((await resend.batch.send(withAttachment)).error).toMatchObject({ statusCode: 422, message: expect.stringMatching(/Attachments/) });
    expect((await resend.batch.send([mail(1, { scheduledAt: '2026-12-01T10:00:00Z' })])).error).toMatchObject({ statusCode: 422, message: expect.stringMatching(/scheduled_at/) });
    const single = await resend.emails.send({ ...mail(1), attachments: att, scheduledAt: '2026-12-01T10:00:00Z' });
    expect(single.error).toBeNull();
    expect(fake.emails[0]).toMatchObject({ scheduled_at: '2026-12-01T10:00:00Z', attachments: [{ filename: 'a.txt' }] });
  });

  it('batch size: 0 and 101 are 422 validation_error; 100 is fine', async () => {
    expect((await resend.batch.send([])).error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    const many = Array.from({ length: 101 }, (_, i) => mail(i));
    expect((await resend.batch.send(many)).error).toMatchObject({ statusCode: 422, message: expect.stringMatching(/at most 100/) });
    expect((await resend.batch.send(many.slice(0, 100))).data?.data).toHaveLength(100);
  });

  it('non-JSON body is a 400 validation_error', async () => {
    const res = await fetch(`${fake.url}/emails`, { method: 'POST', headers: { authorization: 'Bearer re_test_key', 'user-agent': 'x' }, body: '{oops' });
    expect(res.status).toBe(400);
  });
});

describe('fake Resend: strict vs permissive batches', () => {
  const batch = () => [mail(1), mail(2, { to: 'broken' }), mail(3, { subject: undefined })];

  it('strict (default): one bad email fails the whole batch, nothing stored', async () => {
    const res = await resend.batch.send(batch() as Parameters<Resend['batch']['send']>[0]);
    expect(res.data).toBeNull();
    expect(res.error).toMatchObject({ statusCode: 422, name: 'validation_error', message: expect.stringMatching(/^emails\[1\]: Invalid `to`/) });
    expect(fake.emails).toHaveLength(0);
  });

  it('permissive: 200 with ids of the good ones and {index, message} for the bad ones', async () => {
    const res = await resend.batch.send(batch() as Parameters<Resend['batch']['send']>[0], { batchValidation: 'permissive' });
    expect(res.error).toBeNull();
    expect(res.data?.data).toHaveLength(1);
    expect(res.data?.errors).toEqual([
      { index: 1, message: expect.stringMatching(/Invalid `to` field/) },
      { index: 2, message: 'Missing `subject` field.' },
    ]);
    expect(fake.emails.map((e) => e.to[0])).toEqual(['reader1@example.com']);
    expect(fake.requests[0].headers?.['x-batch-validation']).toBe('permissive');
  });

  it('an unknown x-batch-validation value is refused', async () => {
    expect((await raw('/emails/batch', [mail(1)], { 'x-batch-validation': 'lenient' })).status).toBe(422);
  });
});

describe('fake Resend: storage options', () => {
  it('storeBodies:false keeps ids, to, subject and headers only', async () => {
    const lean = await startFakeResend({ storeBodies: false, logRequests: false });
    try {
      const r = new Resend('re_test_key', { baseUrl: lean.url });
      await r.batch.send([mail(1), mail(2)]);
      expect(lean.emails[1]).toMatchObject({ to: ['reader2@example.com'], subject: 'Edition #58 for reader 2', headers: mail(2).headers });
      expect(lean.emails[1].html).toBeUndefined();
      expect(lean.requests).toHaveLength(0);
      expect(lean.stats.accepted).toBe(2);
    } finally {
      await lean.close();
    }
  });

  it('storeEmails:false still validates, counts and answers with ids, and keeps nothing', async () => {
    const bare = await startFakeResend({ storeEmails: false, logRequests: false });
    try {
      const r = new Resend('re_test_key', { baseUrl: bare.url });
      const sent = await r.batch.send([mail(1), mail(2, { to: 'not-an-address' })], { batchValidation: 'permissive' });
      expect(sent.data?.data).toHaveLength(1);
      expect(sent.data?.data[0].id).toMatch(UUID);
      expect(sent.data?.errors).toHaveLength(1);
      expect(bare.stats.accepted).toBe(1);
      expect(bare.emails).toHaveLength(0);
      expect((await r.emails.get(sent.data!.data[0].id)).error).toMatchObject({ statusCode: 404 });
    } finally {
      await bare.close();
    }
  });

  it('fromDomains makes an unverified sender domain a 403 validation_error', async () => {
    const strict = await startFakeResend({ fromDomains: ['primeraplana.dev'] });
    try {
      const r = new Resend('re_test_key', { baseUrl: strict.url });
      expect((await r.emails.send(mail(1))).error).toBeNull();
      const bad = await r.emails.send(mail(1, { from: 'x@localhost.localdomain' }));
      expect(bad.error).toMatchObject({ statusCode: 403, name: 'validation_error', message: expect.stringMatching(/not verified/) });
    } finally {
      await strict.close();
    }
  });
});
