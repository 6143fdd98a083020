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
 *
 * Where the timeline is kept in another process than the one that makes the call (on Workers a
 * Durable Object says "go" and an isolate calls), when the call left says little about when it
 * reaches the provider: the isolate may be busy with another invocation's batch when "go" comes,
 * and the network between them varies. Only the answer bounds it: the call reached the provider
 * before its answer came back. So there (`countFrom: 'answer'`) a call counts in the window from
 * "go" until a second after its answer (`answered`), which no delay on the way can beat.
 */
import type { BatchOutcome, Lane, Mailer, PacedMailer, SendOptions, Slot } from './port.js';

/**
 * The pacer's port: `createPacer` keeps the timeline in this process; on Workers the timeline lives
 * in a Durable Object that every isolate asks (src/coordination/send-pacer.ts), so its adjustments
 * may be promises.
 */
export interface Pacer {
  /** Reserves the next slot of `lane`; resolves `LEAD_MS` before it with the slot. */
  reserve(lane?: Lane): Promise<Slot>;
  /** The call that left on `slot` has its answer (or failed): it is at the provider by now, if ever. */
  answered(slot: Slot): void | Promise<void>;
  /** Nobody sends before `ms` from now, and every reserved slot moves back as much (429 retry-after). */
  holdFor(ms: number): void | Promise<void>;
  /** A 429 came anyway (requests arrive with jitter): leave a little more room from now on. */
  widen(): void | Promise<void>;
  /** Never go faster than `ratePerSecond` (the provider's `ratelimit-limit`). */
  capRate(ratePerSecond: number): void | Promise<void>;
}

/** A pacer in this process's memory: its adjustments take effect at once. */
export interface LocalPacer extends Pacer {
  answered(slot: Slot): void;
  holdFor(ms: number): void;
  widen(): void;
  capRate(ratePerSecond: number): void;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How long before its slot a caller wakes to prepare its request (a batch takes a few ms). */
export const LEAD_MS = 40;
/** Transactional mail takes at most one slot in this many (each call carries up to 100 emails). */
export const TRANSACTIONAL_SHARE = 5;
/** Slack added to the provider's one-second window when counting the calls that left in it. */
export const WINDOW_SLACK_MS = 15;
/** Extra room, once, after a quiet start: a process's first call arrives late (cold HTTP client). */
export const COLD_GUARD_MS = 100;
/** Idle for this long, connections have closed (undici keeps them 4 s) and the next start is cold. */
const QUIET_MS = 5000;
/**
 * A call told to go but never answered (its isolate died) counts this long: by then its request
 * has been aborted (the Resend adapter gives a call 30 s) or has long reached the provider.
 */
export const UNANSWERED_MS = 30_000;

export interface PacerTuning {
  /**
   * When a call stops counting in the provider's window: from when it left (`'departure'`, the
   * default: the call is made in this process right after), or until its answer (`'answer'`: the
   * call is made elsewhere, at a time this process cannot know).
   */
  countFrom?: 'departure' | 'answer';
}

/** One call that left: when, and when its answer came (undefined while in flight). */
interface Flight {
  left: number;
  answered?: number;
}

export function createPacer(ratePerSecond: number, now: () => number = Date.now, sleep: Sleep = realSleep, tuning: PacerTuning = {}): LocalPacer {
  const byAnswer = tuning.countFrom === 'answer';
  const spacing = (rate: number) => (1000 / rate) * 1.02;
  let interval = spacing(ratePerSecond);
  const ceiling = interval * 1.15;
  let nextSlot = 0;
  let nextTransactional = 0;
  // Total of every hold so far: a reservation moves back by the holds that came after it.
  let held = 0;
  let holdEnd = 0;
  // The calls that may still be in the provider's sliding second: a call that left late must not
  // let a later one in too early. Each counts until `reached` (its arrival's latest possible time).
  const perWindow = Math.max(1, Math.floor(ratePerSecond));
  // Reservations since the last quiet start, until the cold guard has been applied.
  let sinceCold = -1;
  let flights: Flight[] = [];
  const flightOf = new WeakMap<Slot, Flight>();
  const reached = (f: Flight) => (byAnswer ? (f.answered ?? f.left + UNANSWERED_MS) : f.left);
  const windowOpensAt = () => {
    const t = now();
    flights = flights.filter((f) => reached(f) + 1000 + WINDOW_SLACK_MS > t);
    if (flights.length < perWindow) return 0;
    // Open once fewer than `perWindow` calls may have reached the provider in the last second.
    return flights.map(reached).sort((a, b) => b - a)[perWindow - 1] + 1000 + WINDOW_SLACK_MS;
  };
  // An answer may open the window early: whoever waits for it looks again.
  let answerCame = () => {};
  let answer = new Promise<void>((r) => (answerCame = r));
  const until = async (t: number) => {
    const wait = t - now();
    if (wait > 0) await sleep(wait);
  };
  const untilOrAnswer = (t: number) => (byAnswer ? Promise.race([until(t), answer]) : until(t));
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
      const go: Slot = async () => {
        // A hold may come while waiting, and a call before may have left late: wait until both
        // the (moved) slot and the window allow this call, then count it as gone.
        for (let t = Math.max(due(), windowOpensAt()); now() < t; t = Math.max(due(), windowOpensAt())) await untilOrAnswer(t);
        const flight = { left: now() };
        flights.push(flight);
        flightOf.set(go, flight);
      };
      return go;
    },
    answered(slot) {
      const flight = flightOf.get(slot);
      if (!flight || flight.answered !== undefined) return;
      flight.answered = now();
      answerCame();
      answer = new Promise<void>((r) => (answerCame = r));
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
export async function learnRate(pacer: Pacer, outcome: BatchOutcome): Promise<void> {
  if (outcome.kind === 'rate_limited') {
    await pacer.holdFor(Math.max(outcome.retryAfterMs, 250));
    await pacer.widen();
  } else if (outcome.kind === 'accepted' && outcome.providerRate) {
    await pacer.capRate(outcome.providerRate);
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
      let outcome: BatchOutcome;
      try {
        outcome = await mailer.sendBatch(emails, { ...options, ready });
      } finally {
        // Answered or failed, the call is no longer on its way (if it left at all).
        await pacer.answered(ready);
      }
      await learnRate(pacer, outcome);
      return outcome;
    },
  };
}
