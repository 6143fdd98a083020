/**
 * The fake Resend server's bookkeeping: the per-team rate limiter, the daily/monthly email quota
 * and the Idempotency-Key store. Every operation is O(1) amortised, so benchmarks can push
 * thousands of requests per second through it.
 */

export type RateWindow = 'sliding' | 'fixed';

export interface RateDecision {
  allowed: boolean;
  /** Headers to send: `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset` (+ `retry-after` on 429). */
  headers: Record<string, string>;
}

/**
 * Requests per second for the whole team. `limit = 0` means unlimited (no headers sent).
 * `sliding`: at most `limit` accepted requests in any 1000 ms span. `fixed`: per clock second.
 * Only admitted requests count towards the window.
 */
export class RateLimiter {
  private stamps: number[] = [];
  private head = 0;
  constructor(public limit: number, public window: RateWindow, private readonly now: () => number) {}

  check(): RateDecision {
    if (this.limit <= 0) return { allowed: true, headers: {} };
    const t = this.now();
    const from = this.window === 'fixed' ? Math.floor(t / 1000) * 1000 : t - 1000;
    const fixed = this.window === 'fixed';
    while (this.head < this.stamps.length && (fixed ? this.stamps[this.head] < from : this.stamps[this.head] <= from)) this.head++;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
    const used = this.stamps.length - this.head;
    const oldest = this.stamps[this.head];
    const resetMs = fixed ? from + 1000 - t : used > 0 ? oldest + 1000 - t : 1000;
    const reset = String(Math.max(1, Math.ceil(resetMs / 1000)));
    if (used >= this.limit) {
      return {
        allowed: false,
        headers: { 'ratelimit-limit': String(this.limit), 'ratelimit-remaining': '0', 'ratelimit-reset': reset, 'retry-after': reset },
      };
    }
    this.stamps.push(t);
    return {
      allowed: true,
      headers: { 'ratelimit-limit': String(this.limit), 'ratelimit-remaining': String(this.limit - used - 1), 'ratelimit-reset': reset },
    };
  }

  reset(): void {
    this.stamps = [];
    this.head = 0;
  }
}

export interface Quota {
  daily?: number;
  monthly?: number;
}

/** Counts recipients per UTC day and UTC month (to + cc + bcc each count, as Resend documents). */
export class QuotaCounter {
  quota: Quota = {};
  private day = '';
  private month = '';
  usedToday = 0;
  usedThisMonth = 0;
  constructor(private readonly now: () => number) {}

  private roll(): void {
    const iso = new Date(this.now()).toISOString();
    if (iso.slice(0, 10) !== this.day) {
      this.day = iso.slice(0, 10);
      this.usedToday = 0;
    }
    if (iso.slice(0, 7) !== this.month) {
      this.month = iso.slice(0, 7);
      this.usedThisMonth = 0;
    }
  }

  /** Which quota `n` more recipients would exceed, if any. */
  wouldExceed(n: number): 'daily_quota_exceeded' | 'monthly_quota_exceeded' | null {
    this.roll();
    if (this.quota.daily !== undefined && this.usedToday + n > this.quota.daily) return 'daily_quota_exceeded';
    if (this.quota.monthly !== undefined && this.usedThisMonth + n > this.quota.monthly) return 'monthly_quota_exceeded';
    return null;
  }

  add(n: number): void {
    this.roll();
    this.usedToday += n;
    this.usedThisMonth += n;
  }
}

export interface StoredAnswer {
  status: number;
  body: string;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  /** Undefined while the first request with this key is still being processed. */
  answer?: StoredAnswer;
}

export type IdemLookup =
  | { kind: 'new' }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/** Idempotency keys with their request fingerprint and first successful answer, kept `ttlMs`. */
export class IdempotencyStore {
  private entries = new Map<string, Entry>();
  constructor(private readonly now: () => number, public ttlMs = 24 * 3600_000) {}

  /** Looks the key up; on `new`, marks it in flight until `complete` or `release`. */
  begin(key: string, fingerprint: string): IdemLookup {
    const e = this.entries.get(key);
    if (e && e.expiresAt > this.now()) {
      if (!e.answer) return { kind: 'in_flight' };
      if (e.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return { kind: 'replay', answer: e.answer };
    }
    this.entries.set(key, { fingerprint, expiresAt: this.now() + this.ttlMs });
    return { kind: 'new' };
  }

  /** Remembers the answer for 24 h from now. */
  complete(key: string, answer: StoredAnswer): void {
    const e = this.entries.get(key);
    if (e) {
      e.answer = answer;
      e.expiresAt = this.now() + this.ttlMs;
    }
  }

  /** Forgets a key whose request failed, so a corrected retry can use it again. */
  release(key: string): void {
    const e = this.entries.get(key);
    if (e && !e.answer) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
