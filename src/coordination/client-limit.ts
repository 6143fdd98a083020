/**
 * The per-client limits on Workers: one Durable Object per client address and limit (`ClientLimit`,
 * named "subscribe:<address>" or "sign-in:<address>") holds that address's window, so every
 * isolate counts the same requests.
 *
 * One object per address rather than one object with a map: each object sees only its address's
 * few requests, so there is no single hot spot every sign-up in the world waits on, no map to
 * bound, and each object lives near its client. The window is kept in the object's storage, since
 * an object may be evicted while its window lasts; an alarm at the window's end deletes it, so an
 * address that stops asking leaves nothing behind.
 *
 * Cloudflare's Rate Limiting binding (`[[ratelimits]]`, which `wrangler dev` 4.86 runs locally)
 * was the other choice; it counts per Cloudflare location and approximately, and says nothing
 * about when to come back, while the form answers 429 with an exact Retry-After.
 */
import { DurableObject } from 'cloudflare:workers';
import type { RateDecision, RateLimiter } from '../deps.js';
import { countHit, type RateRule, type RateWindow } from '../reader/rate-limit.js';
import { objectFor, type ObjectNamespace } from './namespace.js';

interface StoredWindow extends RateWindow {
  windowMs: number;
}

/** The Durable Object: one client address's window. */
export class ClientLimit extends DurableObject {
  /** Counts one request under `rule`. Storage reads and writes close the object's input gate, so hits never interleave. */
  async hit(rule: RateRule): Promise<RateDecision> {
    const now = Date.now();
    const before = await this.ctx.storage.get<StoredWindow>('window');
    const { window, decision } = countHit(before, now, rule);
    if (!decision.ok) return decision;
    await this.ctx.storage.put<StoredWindow>('window', { ...window, windowMs: rule.windowMs });
    if (window.start !== before?.start) await this.ctx.storage.setAlarm(window.start + rule.windowMs);
    return decision;
  }

  /** The window has ended: nothing to remember. */
  override async alarm(): Promise<void> {
    const window = await this.ctx.storage.get<StoredWindow>('window');
    if (!window || Date.now() - window.start >= window.windowMs) await this.ctx.storage.deleteAll();
  }
}

/** What an isolate calls on an address's object. */
export type ClientLimitStub = Pick<ClientLimit, 'hit'>;

/** The `RateLimiter` of the Workers app: each key (a client address) counted by its own object. */
export function sharedLimiter(namespace: ObjectNamespace<ClientLimitStub>, rule: RateRule, scope = 'subscribe'): RateLimiter {
  return { hit: (key) => objectFor(namespace, `${scope}:${key}`).hit(rule) };
}
