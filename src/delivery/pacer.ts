/**
 * Paces provider calls at a rate shared by everything that sends in this process: each call
 * takes the next free slot, slots are `1000 / rate` ms apart (a touch more, so a fixed
 * one-second window on the provider's side never sees rate + 1). A 429 or an exhausted
 * `ratelimit-remaining` pushes every later slot back.
 */
export interface Pacer {
  /** Resolves when this caller may make one provider request. */
  take(): Promise<void>;
  /** Nobody sends before `ms` from now (429 retry-after, ratelimit-reset). */
  holdFor(ms: number): void;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function createPacer(ratePerSecond: number, now: () => number = Date.now, sleep: Sleep = realSleep): Pacer {
  const interval = 1000 / ratePerSecond * 1.01;
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
  };
}
