/**
 * The public forms' limit per client address: a fixed window of `limit` requests per `windowMs`.
 * `countHit` is the rule; `FixedWindowLimiter` keeps the windows in memory for one app instance
 * (Node: the process; each `createApp` in tests its own). Workers keep each address's window in a
 * Durable Object instead (src/coordination/client-limit.ts), since an isolate's memory is not shared.
 */
import type { Context } from 'hono';
import type { Clock, RateDecision, RateLimiter } from '../deps.js';

export interface RateRule {
  /** Requests allowed per window and key. */
  limit: number;
  windowMs: number;
}

/** Subscribe requests per client address: enough for a household behind one address, too few for a script spraying addresses. */
export const SUBSCRIBE_RATE: RateRule = { limit: 10, windowMs: 60 * 1000 };

/**
 * The console's sign-in attempts per client address and window. An editor who mistypes a few times never
 * meets it; a script guessing tokens gets ten guesses a quarter of an hour. Every attempt counts,
 * the right token included: otherwise a blocked guesser would learn which guess was right.
 */
export const SIGN_IN_RATE: RateRule = { limit: 10, windowMs: 15 * 60 * 1000 };

/** One key's window: when it started and how many requests it let through. */
export interface RateWindow {
  start: number;
  count: number;
}

/** Counts one request at `now` against `window` (undefined: none yet): the window to keep and the decision. */
export function countHit(window: RateWindow | undefined, now: number, rule: RateRule): { window: RateWindow; decision: RateDecision } {
  const w = !window || now - window.start >= rule.windowMs ? { start: now, count: 0 } : { ...window };
  if (w.count >= rule.limit) return { window: w, decision: { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + rule.windowMs - now) / 1000)) } };
  w.count++;
  return { window: w, decision: { ok: true, remaining: rule.limit - w.count } };
}

export interface RateLimitOptions extends RateRule {
  clock: Clock;
  /** Keys kept before expired windows are swept (bounds memory under a spray of addresses). */
  maxKeys?: number;
}

/** The in-memory limiter: one process's counts (Node). */
export class FixedWindowLimiter implements RateLimiter {
  private readonly windows = new Map<string, RateWindow>();
  constructor(private readonly opts: RateLimitOptions) {}

  async hit(key: string): Promise<RateDecision> {
    const now = this.opts.clock.now().getTime();
    const before = this.windows.get(key);
    if (!before && this.windows.size >= (this.opts.maxKeys ?? 10_000)) this.sweep(now);
    const { window, decision } = countHit(before, now, this.opts);
    this.windows.set(key, window);
    return decision;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.opts.windowMs) this.windows.delete(k);
    // Still full: every key is live. Forget the oldest rather than grow without bound.
    if (this.windows.size >= (this.opts.maxKeys ?? 10_000)) this.windows.delete(this.windows.keys().next().value!);
  }
}

/**
 * The client's address. With no proxy trusted it is the socket's peer, which @hono/node-server
 * exposes as `env.incoming` (any header saying otherwise was written by the client, who could
 * write anything: a limiter keyed on it counts nothing). `trustedProxy` names the header a proxy
 * in front sets: for `x-forwarded-for` the right-most hop, the one that proxy appended (hops to its
 * left came with the request and prove nothing); any other header is read as one address. A
 * request without that header did not come through the proxy and is keyed by its socket address.
 * The Workers root trusts `cf-connecting-ip`, which Cloudflare sets. "unknown" when none is known.
 */
export function clientAddress(c: Context, trustedProxy?: string): string {
  if (trustedProxy) {
    const value = c.req.header(trustedProxy);
    const hop = trustedProxy === 'x-forwarded-for' ? value?.split(',').at(-1) : value;
    const address = hop?.trim();
    if (address) return address.slice(0, 64);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
