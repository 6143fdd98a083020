/**
 * Inbox bombing: the subscribe limiter counts the client the server actually sees (the socket
 * address) unless TRUSTED_PROXY names the header a proxy sets, and each address gets at most one
 * reader email per 10 minutes and 3 a day, counted in the database, whatever the client. No answer
 * says which applied.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { serveApp } from '../web/browser-helpers.js';
import { activeSubscriber, postJson } from './helpers.js';

let t: TestApp | undefined;
const others: TestApp[] = [];
afterEach(() => {
  for (const o of others.splice(0)) o.close();
  t?.close();
  t = undefined;
});

const victim = 'victim@example.com';
const sentTo = (mail: RecordingMailer, to: string) => mail.sent.filter((m) => m.to === to);

/** What a client can see of an answer: status, every header, the body. */
async function visible(res: Response) {
  return { status: res.status, headers: [...res.headers.entries()].sort(), body: await res.text() };
}

describe('the client address', () => {
  it('is the socket address when no proxy is trusted: forged X-Forwarded-For and CF-Connecting-IP change nothing', async () => {
    t = await makeTestApp({ config: { sendRate: 1000 } });
    const server = await serveApp(t);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${server.url}/api/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}`, 'cf-connecting-ip': `203.0.113.${i + 1}` },
          body: JSON.stringify({ email: victim }),
        });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
      expect(statuses.slice(10)).toEqual(Array(20).fill(429));
      await t.drained();
      expect(sentTo(t.mailer as RecordingMailer, victim)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('is the right-most X-Forwarded-For hop (the one the proxy added) when TRUSTED_PROXY=x-forwarded-for', async () => {
    t = await makeTestApp({ env: { TRUSTED_PROXY: 'x-forwarded-for' }, config: { sendRate: 1000 } });
    const viaProxy = (forged: string, client: string) => ({ 'x-forwarded-for': `${forged}, ${client}` });
    for (let i = 0; i < 10; i++) {
      expect((await postJson(t, '/api/subscribe', { email: `p${i}@example.com` }, viaProxy(`192.0.2.${i}`, '203.0.113.7'))).status).toBe(202);
    }
    expect((await postJson(t, '/api/subscribe', { email: 'p10@example.com' }, viaProxy('192.0.2.99', '203.0.113.7'))).status).toBe(429);
    expect((await postJson(t, '/api/subscribe', { email: 'p11@example.com' }, viaProxy('203.0.113.7', '203.0.113.8'))).status).toBe(202);
  });
});

describe('per-address limits', () => {
  it('one reader email per address per 10 minutes and 3 a day, from any number of clients, across restarts', async () => {
    t = await makeTestApp({ env: { TRUSTED_PROXY: 'x-forwarded-for' }, config: { sendRate: 1000 } });
    const mail = t.mailer as RecordingMailer;
    let client = 0;
    const ask = async (app: TestApp = t!) => visible(await postJson(app, '/api/subscribe', { email: victim }, { 'x-forwarded-for': `198.51.100.${++client % 250}` }));

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await ask());
    await t.drained();
    expect(sentTo(mail, victim)).toHaveLength(1);

    t.clock.advance(9 * 60_000);
    answers.push(await ask());
    await t.drained();
    expect(sentTo(mail, victim)).toHaveLength(1);

    t.clock.advance(60_000 + 1000);
    answers.push(await ask(), await ask());
    await t.drained();
    expect(sentTo(mail, victim)).toHaveLength(2);

    // Another process on the same database (a restart) knows what was sent.
    const again = await makeTestApp({ dbFile: t.dbPath, seed: false, clock: t.clock, mailer: mail, env: { TRUSTED_PROXY: 'x-forwarded-for' }, config: { sendRate: 1000 } });
    others.push(again);
    answers.push(await ask(again));
    await again.drained();
    expect(sentTo(mail, victim)).toHaveLength(2);
    again.clock.advance(11 * 60_000);
    answers.push(await ask(again));
    await again.drained();
    expect(sentTo(mail, victim)).toHaveLength(3);
    // Three today: no more, however long the wait within the day.
    for (const wait of [11, 60, 600]) {
      again.clock.advance(wait * 60_000);
      answers.push(await ask(again));
      await again.drained();
    }
    expect(sentTo(mail, victim)).toHaveLength(3);
    // A day after the first, one more.
    again.clock.advance(24 * 60 * 60_000);
    answers.push(await ask(again));
    await again.drained();
    expect(sentTo(mail, victim)).toHaveLength(4);

    // Sent or held back, the answers are the same bytes.
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 202, body: '{"status":"pending"}' });
  });

  it('counts the "already subscribed" note too: an active reader cannot be bombed either', async () => {
    t = await makeTestApp({ config: { sendRate: 1000 } });
    const mail = t.mailer as RecordingMailer;
    await activeSubscriber(t, 'active@example.com');
    for (let i = 0; i < 5; i++) expect((await postJson(t, '/api/subscribe', { email: 'active@example.com' })).status).toBe(202);
    await t.drained();
    expect(sentTo(mail, 'active@example.com').map((m) => m.subject)).toEqual(["You're already subscribed to Primera Plana"]);
  });
});
