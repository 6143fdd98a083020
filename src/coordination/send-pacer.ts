/**
 * The pacer on Workers: one Durable Object (`SendPacer`, named "resend") keeps the slot timeline,
 * the lanes, the holds and the window of departures for every isolate of the Worker, so the Queue
 * consumer's invocations, the Cron Trigger's drain and any other isolate share `SEND_RATE` as one
 * process would. Inside it runs the same pacer as Node (`createPacer`, src/mail/pacer.ts).
 *
 * A call asks the object for a slot (`reserve`, answered `LEAD_MS` before the slot with a ticket),
 * prepares its request, then calls `depart`, which the object answers when the slot (moved back by
 * any 429 since) and the one-second window allow, and `answered` once the provider has answered.
 * So the object's clock alone decides every departure: an isolate's clock may differ from it, and
 * stands still while its code runs.
 *
 * The window counts each call until the object hears of its answer (`countFrom: 'answer'`), not
 * from when it said "go": between the two the call may wait in its isolate (busy building another
 * invocation's batch) and on the network, so its arrival at the provider is known only to come
 * before the answer. Counting from "go" with 15 ms, then 50 ms, of slack still met 429s under
 * `wrangler dev` on a busy machine (a call took 64 ms longer from "go" to the imitation than the
 * call two after it), and in 3 of 25 calls once the test put 0–150 ms of network between the
 * Worker and the imitation (tests/worker/coordination.test.ts). No slack bounds that delay; the
 * answer does, for the round trip's share of the rate (with 150 ms of jitter, 1.7 calls/s of 2).
 *
 * The timeline is kept in memory only. The object is evicted only after it has been idle for
 * seconds, longer than any slot, window or hold it could remember matters (Resend's retry-after is
 * about a second); after that, or a deploy, it starts cold, as a new Node process does.
 */
import { DurableObject } from 'cloudflare:workers';
import { createPacer, realSleep, type LocalPacer, type Pacer } from '../mail/pacer.js';
import type { Lane, Slot } from '../mail/port.js';
import { objectFor, type ObjectNamespace } from './namespace.js';

/** The one object every isolate paces through: the provider's limit is per team (one API key). */
export const PACER_NAME = 'resend';
/**
 * A reservation not answered by then belongs to a caller that died: forgotten (the window has
 * stopped counting its call after `UNANSWERED_MS`).
 */
const TICKET_TTL_MS = 60_000;

/** The Durable Object: a `createPacer` timeline, reserved by ticket over RPC. */
export class SendPacer extends DurableObject {
  private pacer: LocalPacer | undefined;
  private rate = 0;
  private readonly tickets = new Map<string, { slot: Slot; at: number }>();

  private timeline(ratePerSecond: number): LocalPacer {
    // A new SEND_RATE arrives with a new deploy, which restarts the object anyway.
    if (!this.pacer || ratePerSecond !== this.rate) {
      this.pacer = createPacer(ratePerSecond, Date.now, realSleep, { countFrom: 'answer' });
      this.rate = ratePerSecond;
    }
    return this.pacer;
  }

  /** Reserves the next slot of `lane`; answers `LEAD_MS` before it with the ticket to depart on. */
  async reserve(lane: Lane, ratePerSecond: number): Promise<string> {
    const slot = await this.timeline(ratePerSecond).reserve(lane);
    const now = Date.now();
    for (const [ticket, r] of this.tickets) if (now - r.at > TICKET_TTL_MS) this.tickets.delete(ticket);
    // Random, not counted: a ticket from before a restart must not match a new one.
    const ticket = crypto.randomUUID();
    this.tickets.set(ticket, { slot, at: now });
    return ticket;
  }

  /** Answers when the ticket's call may leave (its slot, and fewer than the rate at the provider in the last second). */
  async depart(ticket: string, lane: Lane, ratePerSecond: number): Promise<void> {
    let reserved = this.tickets.get(ticket);
    if (!reserved) {
      // Unknown: the object restarted since the reservation, and its timeline with it; take a new slot.
      reserved = { slot: await this.timeline(ratePerSecond).reserve(lane), at: Date.now() };
      this.tickets.set(ticket, reserved);
    }
    await reserved.slot();
  }

  /** The ticket's call has its answer (or failed): it counts in the window for a second from now. */
  async answered(ticket: string): Promise<void> {
    const reserved = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (reserved) this.pacer?.answered(reserved.slot);
  }

  async holdFor(ms: number): Promise<void> {
    this.pacer?.holdFor(ms);
  }

  async widen(): Promise<void> {
    this.pacer?.widen();
  }

  async capRate(ratePerSecond: number): Promise<void> {
    this.pacer?.capRate(ratePerSecond);
  }
}

/** What an isolate calls on the object. */
export type SendPacerStub = Pick<SendPacer, 'reserve' | 'depart' | 'answered' | 'holdFor' | 'widen' | 'capRate'>;

/** The `Pacer` an isolate hands to `pacedMailer`: every slot comes from the one `SendPacer`. */
export function sharedPacer(namespace: ObjectNamespace<SendPacerStub>, ratePerSecond: number): Pacer {
  const pacer = () => objectFor(namespace, PACER_NAME);
  const tickets = new WeakMap<Slot, string>();
  return {
    async reserve(lane = 'edition') {
      const ticket = await pacer().reserve(lane, ratePerSecond);
      const slot: Slot = () => pacer().depart(ticket, lane, ratePerSecond);
      tickets.set(slot, ticket);
      return slot;
    },
    async answered(slot) {
      const ticket = tickets.get(slot);
      if (ticket === undefined) return;
      // The call itself is done: not hearing of it only keeps its place in the window longer.
      await pacer()
        .answered(ticket)
        .catch(() => undefined);
    },
    holdFor: (ms) => pacer().holdFor(ms),
    widen: () => pacer().widen(),
    capRate: (rate) => pacer().capRate(rate),
  };
}
