/**
 * Paces provider calls at a rate shared by everything a runtime sends. Each call reserves the next
 * free slot; slots are `1000 / rate` ms apart, plus 2 % so the provider's one-second window never
 * sees rate + 1 when requests arrive with a little jitter.
 *
 * A reservation wakes its caller `LEAD_MS` before the slot to prepare the request (build the
 * batch, write its body), then `ready()` waits for the slot itself: the work is done before the
 * slot, so the request leaves on it. Transactional mail (confirmations, test copies) takes at most
 * one slot in `TRANSACTIONAL_SHARE`, so it never starves an edition; an edition never waits for
 * more than that. A transactional caller waits for its lane to open before it takes the next free
 * slot, rather than reserving one ahead (which left the edition's slots before it unused: a drainer
 * that always had work halved an edition's rate, tests/transactional/lane.test.ts).
 *
 * Slots alone assume every call leaves on time; a call that leaves late (a pause of the event loop,
 * a cold connection) would let the call a second later arrive within the same one-second window as
 * twenty others. So each call also waits until fewer than `rate` calls have actually left in the
 * last second, as the provider counts them; and since a process's first calls reach the provider
 * later than they leave (its HTTP client starts cold), the first slot of the second second after a
 * quiet spell waits `COLD_GUARD_MS` more. Each guards against a 429, which costs a hold of its
 * retry-after: at R = 20, bench/delivery.ts measured 0.91 of the rate with one 429 in 4 runs of
 * slots alone, and in 4 of 4 with the window rule but no cold guard. A 429 moves
 * every slot not yet used back by the wait it asks for; a provider that advertises a lower limit
 * lowers the rate.
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
/** Slack added to the provider's one-second window when counting the calls that left in it. */
const WINDOW_SLACK_MS = 15;
/** Extra room, once, after a quiet start: a process's first call arrives late (cold HTTP client). */
export const COLD_GUARD_MS = 100;
/** Idle for this long, connections have closed (undici keeps them 4 s) and the next start is cold. */
const QUIET_MS = 5000;

export function createPacer(ratePerSecond: number, now: () => number = Date.now, sleep: Sleep = realSleep): Pacer {
  const spacing = (rate: number) => (1000 / rate) * 1.02;
  let interval = spacing(ratePerSecond);
  const ceiling = interval * 1.15;
  let nextSlot = 0;
  let nextTransactional = 0;
  // Total of every hold so far: a reservation moves back by the holds that came after it.
  let held = 0;
  let holdEnd = 0;
  // When the last calls actually left (a ring of the last `perWindow`): the provider counts calls
  // in a sliding second, so a call that left late must not let a later one in too early.
  const perWindow = Math.max(1, Math.floor(ratePerSecond));
  // Reservations since the last quiet start, until the cold guard has been applied.
  let sinceCold = -1;
  const departed: number[] = [];
  const windowOpensAt = () => (departed.length < perWindow ? 0 : departed[departed.length - perWindow] + 1000 + WINDOW_SLACK_MS);
  const until = async (t: number) => {
    const wait = t - now();
    if (wait > 0) await sleep(wait);
  };
  return {
    async reserve(lane = 'edition') {
      // Transactional mail waits for its lane to open before it takes a slot: a slot taken ahead
      // would put every edition slot reserved after it behind it, and leave the slots between unused.
      if (lane === 'transactional') while (now() < nextTransactional) await until(nextTransactional);
      const t = now();
      if (t - nextSlot > QUIET_MS) sinceCold = 0;
      let slot = Math.max(t, nextSlot);
      // The first calls after a quiet start reach the provider later than they leave; the first
      // slot of the second second waits for that.
      if (sinceCold >= 0 && ++sinceCold > Math.ceil(1000 / interval)) {
        slot += COLD_GUARD_MS;
        sinceCold = -1;
      }
      if (lane === 'transactional') nextTransactional = slot + interval * TRANSACTIONAL_SHARE;
      nextSlot = Math.max(nextSlot, slot + interval);
      const heldAtReserve = held;
      const due = () => slot + held - heldAtReserve;
      await until(due() - LEAD_MS);
      return async () => {
        // A hold may come while waiting, and a call before may have left late: wait until both
        // the (moved) slot and the window allow this call, then count it as gone.
        for (let t = Math.max(due(), windowOpensAt()); now() < t; t = Math.max(due(), windowOpensAt())) await until(t);
        departed.push(now());
        if (departed.length > perWindow) departed.shift();
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
