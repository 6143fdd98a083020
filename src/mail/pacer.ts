/**
 * Paces provider calls at a rate shared by everything that sends in this process. Each call
 * reserves the next free slot; slots are `1000 / rate` ms apart (a touch more, so the provider's
 * one-second window never sees rate + 1 even when requests arrive with some jitter).
 *
 * A reservation wakes its caller a little before the slot (`LEAD_MS`), to prepare the request,
 * then `ready()` waits for the slot itself. Preparing just in time keeps the work of several
 * callers from piling up on the event loop and making a request leave late, which would let the
 * one after it arrive too close. After a quiet spell the first requests open new connections and
 * run cold code, so they leave late: the first slot of the second second waits `COLD_GUARD_MS`
 * more; and the first few slots are at least `LEAD_MS` apart, so that callers starting together
 * (even unpaced) do not all prepare their requests at once. A 429 moves every slot not yet used
 * back by the wait it asks for; a provider that advertises a lower limit lowers the rate.
 */
import type { Mailer } from './mailer.js';

export interface Pacer {
  /**
   * Reserves the next slot; resolves shortly before it with `ready`, which resolves at the slot
   * (later if a hold came in between). Call `ready` right before the request goes out.
   */
  reserve(): Promise<() => Promise<void>>;
  /** Nobody sends before `ms` from now, and every reserved slot moves back as much (429 retry-after). */
  holdFor(ms: number): void;
  /** A 429 came anyway (requests arrive with jitter): leave a little more room from now on. */
  widen(): void;
  /** Never go faster than `ratePerSecond` (the provider's `ratelimit-limit`). */
  capRate(ratePerSecond: number): void;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How long before its slot a caller wakes to prepare its request (a batch takes a few ms). */
export const LEAD_MS = 40;
/** Extra room, once, after a quiet start (new connections, cold code: measured 20–60 ms late). */
export const COLD_GUARD_MS = 100;
/** How many slots after a quiet start are kept `LEAD_MS` apart at least. */
const RAMP_SLOTS = 8;
/** Idle for this long, connections have closed (undici keeps them 4 s) and the next start is cold. */
const QUIET_MS = 5000;

export function createPacer(ratePerSecond: number, now: () => number = Date.now, sleep: Sleep = realSleep): Pacer {
  const spacing = (rate: number) => (1000 / rate) * 1.02;
  let interval = spacing(ratePerSecond);
  const ceiling = interval * 1.15;
  let nextSlot = 0;
  // Total of every hold so far: a reservation moves back by the holds that came after it.
  let held = 0;
  let holdEnd = 0;
  // Reservations since the last cold start, until the guard has been applied.
  let sinceCold = -1;
  const until = async (t: number) => {
    const wait = t - now();
    if (wait > 0) await sleep(wait);
  };
  return {
    async reserve() {
      const t = now();
      if (t - nextSlot > QUIET_MS) sinceCold = 0;
      let slot = Math.max(t, nextSlot);
      if (sinceCold >= 0 && sinceCold < RAMP_SLOTS) slot = Math.max(slot, nextSlot - interval + LEAD_MS);
      if (sinceCold >= 0 && ++sinceCold > Math.ceil(1000 / interval)) {
        slot += COLD_GUARD_MS;
        sinceCold = -1;
      }
      nextSlot = slot + interval;
      const heldAtReserve = held;
      const due = () => slot + held - heldAtReserve;
      await until(due() - LEAD_MS);
      return async () => {
        // A hold may come while waiting; wait again until the (moved) slot has come.
        for (let t = due(); now() < t; t = due()) await until(t);
      };
    },
    holdFor(ms) {
      // Several 429s at once ask for the same pause: only what goes past the current one counts.
      const t = now();
      const shift = t + ms - Math.max(holdEnd, t);
      if (shift <= 0) return;
      holdEnd = t + ms;
      held += shift;
      nextSlot = Math.max(nextSlot + shift, holdEnd);
    },
    widen() {
      interval = Math.min(interval * 1.02, ceiling);
    },
    capRate(rate) {
      interval = Math.max(interval, spacing(rate));
    },
  };
}

/**
 * A mailer whose every call takes a slot of `pacer`: confirmation emails and test copies share
 * the rate with the engine's batches. A call that brings its own `ready` (the engine reserved
 * its slot before building the batch) goes through as it is.
 */
export function pacedMailer(mailer: Mailer, pacer: Pacer): Mailer {
  return {
    async sendBatch(emails, options = {}) {
      if (options.ready) return mailer.sendBatch(emails, options);
      return mailer.sendBatch(emails, { ...options, ready: await pacer.reserve() });
    },
  };
}
