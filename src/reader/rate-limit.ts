/**
 * A fixed-window rate limiter for the public forms, kept in memory by one app instance (each
 * `createApp` builds its own, so tests and isolates never share state). It is a brake on
 * abuse of one process, not a global quota: on Workers every isolate counts on its own.
 */
import type { Context } from 'hono';
import type { Clock } from '../deps.js';

export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  limit: number;
  windowMs: number;
  clock: Clock;
  /** Keys kept before expired windows are swept (bounds memory under a spray of addresses). */
  maxKeys?: number;
}

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly opts: RateLimitOptions) {}

  /** Counts one request for `key` and says whether it may proceed. */
  hit(key: string): RateDecision {
    const now = this.opts.clock.now().getTime();
    const { limit, windowMs } = this.opts;
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      if (!w && this.windows.size >= (this.opts.maxKeys ?? 10_000)) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    w.count++;
    return { ok: true, remaining: limit - w.count };
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
