/**
 * The per-client limit as a port: the app counts through whatever `RateLimiter` its composition
 * root gives it (Node: in memory; Workers: a Durable Object per address, tests/worker/), and the
 * window rule both share.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RateDecision, RateLimiter } from '../../src/deps.js';
import { countHit, SUBSCRIBE_RATE } from '../../src/reader/rate-limit.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { postJson } from './helpers.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

/** A limiter that remembers who asked and answers what the test says. */
class ScriptedLimiter implements RateLimiter {
  keys: string[] = [];
  constructor(private readonly answer: RateDecision) {}
  async hit(key: string): Promise<RateDecision> {
    this.keys.push(key);
    return this.answer;
  }
}

describe('the subscribe limit', () => {
  it('is the limiter the app is given, asked with the client address; its refusal is a 429 with its Retry-After, and nothing is stored', async () => {
    const limiter = new ScriptedLimiter({ ok: false, retryAfterSeconds: 17 });
    t = await makeTestApp({ subscribeLimiter: limiter });
    const r = await postJson(t, '/api/subscribe', { email: 'held@example.com' }, {}, '198.51.100.23');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('17');
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(limiter.keys).toEqual(['198.51.100.23']);
    const list = await t.admin('/subscribers?limit=1000');
    expect(((await list.json()) as { data: { email: string }[] }).data.map((s) => s.email)).not.toContain('held@example.com');
  });

  it('lets a request through when the limiter does', async () => {
    const limiter = new ScriptedLimiter({ ok: true, remaining: 3 });
    t = await makeTestApp({ subscribeLimiter: limiter });
    expect((await postJson(t, '/api/subscribe', { email: 'through@example.com' }, {}, '198.51.100.24')).status).toBe(202);
    expect(limiter.keys).toEqual(['198.51.100.24']);
  });
});

describe('countHit (the window rule of both runtimes)', () => {
  const rule = SUBSCRIBE_RATE;
  it('lets `limit` requests through in a window, then says when the window ends, and starts a new one after it', () => {
    let window;
    for (let i = 0; i < rule.limit; i++) {
      const hit = countHit(window, 1000 + i, rule);
      expect(hit.decision).toEqual({ ok: true, remaining: rule.limit - i - 1 });
      window = hit.window;
    }
    expect(countHit(window, 1000 + 20_500, rule).decision).toEqual({ ok: false, retryAfterSeconds: 40 });
    expect(countHit(window, 1000 + rule.windowMs - 1, rule).decision).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(countHit(window, 1000 + rule.windowMs, rule)).toEqual({ window: { start: 1000 + rule.windowMs, count: 1 }, decision: { ok: true, remaining: rule.limit - 1 } });
  });

  it('never changes the window it is given', () => {
    const window = { start: 0, count: 2 };
    countHit(window, 10, rule);
    expect(window).toEqual({ start: 0, count: 2 });
  });
});
