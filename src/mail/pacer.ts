/**
 * Paces provider calls at a rate shared by everything a runtime sends. Each call reserves the next
 * free slot; slots are `1000 / rate` ms apart, plus 2 % so the provider's one-second window never
 * sees rate + 1 when requests arrive with a little jitter.
 *
 * A reservation wakes its caller `LEAD_MS` before the slot to prepare the request (build the
 * batch, write its body), then `ready()` waits for the slot itself: the work is done before the
 * slot, so the request leaves on it. Transactional mail (confirmations, test copies) takes at most
 * one slot in `TRANSACTIONAL_SHARE`, so it never starves an edition; an edition never waits for
 * more than that. A 429 moves every slot not yet used back by the wait it asks for; a provider that
 * advertises a lower limit lowers the rate.
 */
import type { BatchOutcome, Lane, Mailer, PacedMailer, SendOptions, Slot } from './port.js';

export interface Pacer {
  /** Reserves the next slot of `lane`; resolves `LEAD_MS` before it with the slot. */
  reserve(lane?: Lane): Promise<Slot>;
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
/** Transactional mail takes at most one slot in this many (each call carries up to 100 emails). */
export const TRANSACTIONAL_SHARE = 5;

export function createPacer(ratePerSecond: number, now: () => number = Date.now, sleep: Sleep = realSleep): Pacer {
  const spacing = (rate: number) => (1000 / rate) * 1.02;
  let interval = spacing(ratePerSecond);
  const ceiling = interval * 1.15;
  let nextSlot = 0;
  let nextTransactional = 0;
  // Total of every hold so far: a reservation moves back by the holds that came after it.
  let held = 0;
  let holdEnd = 0;
  const until = async (t: number) => {
    const wait = t - now();
    if (wait > 0) await sleep(wait);
  };
  return {
    async reserve(lane = 'edition') {
      let slot = Math.max(now(), nextSlot);
      if (lane === 'transactional') {
        slot = Math.max(slot, nextTransactional);
        nextTransactional = slot + interval * TRANSACTIONAL_SHARE;
      }
      nextSlot = Math.max(nextSlot, slot + interval);
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

/** Applies what a provider's answer says about its rate: wait after a 429, slow to its advertised limit. */
export function learnRate(pacer: Pacer, outcome: BatchOutcome): void {
  if (outcome.kind === 'rate_limited') {
    pacer.holdFor(Math.max(outcome.retryAfterMs, 250));
    pacer.widen();
  } else if (outcome.kind === 'accepted' && outcome.providerRate) {
    pacer.capRate(outcome.providerRate);
  }
}

/**
 * A mailer whose every call takes a slot of `pacer`: the engine reserves its slot before building
 * a batch and passes it as `ready`; anything else (a confirmation, a test copy) reserves a
 * transactional slot here.
 */
export function pacedMailer(mailer: Mailer, pacer: Pacer): PacedMailer {
  return {
    reserve: (lane) => pacer.reserve(lane),
    async sendBatch(emails, options: SendOptions = {}) {
      const ready = options.ready ?? (await pacer.reserve('transactional'));
      const outcome = await mailer.sendBatch(emails, { ...options, ready });
      learnRate(pacer, outcome);
      return outcome;
    },
  };
}
