/**
 * Paces provider calls at a rate shared by everything that sends in this process: each call
 * takes the next free slot, slots are `1000 / rate` ms apart (a touch more, so the provider's
 * one-second window never sees rate + 1 even when requests arrive with some jitter). A 429
 * pushes every later slot back; a provider that advertises a lower limit lowers the rate.
 */
export interface Pacer {
  /** Resolves when this caller may make one provider request. */
  take(): Promise<void>;
  /** Nobody sends before `ms` from now (429 retry-after). */
  holdFor(ms: number): void;
  /** A 429 came anyway (requests arrive with jitter): leave a little more room from now on. */
  widen(): void;
  /** Never go faster than `ratePerSecond` (the provider's `ratelimit-limit`). */
  capRate(ratePerSecond: number): void;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function createPacer(ratePerSecond: number, now: () => number = Date.now, sleep: Sleep = realSleep): Pacer {
  const spacing = (rate: number) => (1000 / rate) * 1.03;
  let interval = spacing(ratePerSecond);
  const ceiling = interval * 1.15;
  let nextSlot = 0;
  return {
    async take() {
      const t = now();
      const slot = Math.max(t, nextSlot);
      nextSlot = slot + interval;
      if (slot > t) await sleep(slot - t);
    },
    holdFor(ms) {
      nextSlot = Math.max(nextSlot, now() + ms);
    },
    widen() {
      interval = Math.min(interval * 1.02, ceiling);
    },
    capRate(rate) {
      interval = Math.max(interval, spacing(rate));
    },
  };
}
