/**
 * No timing side channel on subscribe: whatever the address's state (new, pending, active,
 * unsubscribed, suppressed, bounced), the request runs the same SQL statements in the same order
 * and never waits for the mailer; what to send is decided later, by the transactional queue's
 * drainer. (The answer times themselves are measured side by side in `npm run bench -- subscribe`.)
 */
import { afterEach, expect, it } from 'vitest';
import { suppressions } from '../../src/db/schema.js';
import type { BatchOutcome, Mailer } from '../../src/mail/port.js';
import { emailHash } from '../../src/subscribers/email.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { activeSubscriber, postJson } from './helpers.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

/** A provider that never answers: a request that waited for it would never be answered. */
const silent: Mailer = { sendBatch: () => new Promise<BatchOutcome>(() => {}) };

it('runs the same statements for every kind of address and never waits for the mailer', async () => {
  // The drainer is only woken here, never run: the statements seen are the request's own.
  let kicks = 0;
  t = await makeTestApp({ mailer: silent, config: { sendRate: 1000 }, drainer: { kick: async () => void kicks++ } });
  const app = t;
  await activeSubscriber(app, 'active@example.com');
  const gone = await activeSubscriber(app, 'gone@example.com');
  await app.admin(`/subscribers/${gone.id}`, { method: 'PATCH', json: { status: 'unsubscribed' } });
  const bounced = await activeSubscriber(app, 'bounced@example.com');
  await app.admin(`/subscribers/${bounced.id}`, { method: 'PATCH', json: { status: 'bounced' } });
  await app.deps.db.insert(suppressions).values([
    { emailHash: emailHash('bounced@example.com'), reason: 'bounce' },
    { emailHash: emailHash('suppressed@example.com'), reason: 'complaint' },
  ]);
  await postJson(app, '/api/subscribe', { email: 'pending@example.com', name: 'Pia' });

  // Every statement the database is asked to prepare while one request is handled.
  const seen: string[] = [];
  const prepare = app.sqlite.prepare.bind(app.sqlite);
  app.sqlite.prepare = ((source: string) => {
    seen.push(source);
    return prepare(source);
  }) as typeof app.sqlite.prepare;

  const kinds = { new: 'new@example.com', pending: 'pending@example.com', active: 'active@example.com', unsubscribed: 'gone@example.com', suppressed: 'suppressed@example.com', bounced: 'bounced@example.com' };
  const statements: Record<string, string[]> = {};
  for (const [kind, email] of Object.entries(kinds)) {
    seen.length = 0;
    const res = await postJson(app, '/api/subscribe', { email, name: 'Sam' });
    expect(res.status, kind).toBe(202);
    statements[kind] = [...seen];
  }
  for (const [kind, list] of Object.entries(statements)) expect(list, kind).toEqual(statements.new);
  // Every request woke the drainer, the suppressed ones too.
  expect(kicks).toBe(Object.keys(kinds).length + 1);
  expect(statements.new.length).toBeGreaterThan(0);
  expect(statements.new.join('\n')).toMatch(/insert into "?transactional_messages"?/i);
}, 15_000);
