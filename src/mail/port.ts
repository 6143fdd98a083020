/**
 * The mail port: what the rest of the service knows of an email provider. Adapters live beside it
 * in src/mail/ — Resend (resend.ts, the only file importing `resend`, with its wire writer) and the
 * local outbox (outbox.ts) — and the pacer (pacer.ts) keeps every call under the provider's rate.
 * The delivery engine, the reader flows and the webhooks depend on this file only.
 */
import type { Assembled } from '../render/index.js';

/** One fully personalised message, ready for the provider. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  replyTo?: string;
  tags?: { name: string; value: string }[];
  /**
   * The same `html` and `text` as the compiled variant's literal pieces around this recipient's
   * values. The pieces are shared by every recipient of a variant, so an adapter that writes
   * bytes may encode them once per variant instead of once per email (the Resend adapter does).
   */
  parts?: { html: Assembled; text: Assembled };
}

/** What came of one provider call, classified for the engine's retry decisions. */
export type BatchOutcome =
  /** The provider took the batch; `ids[i]` is the provider id of email i, or null if rejected. */
  | {
      kind: 'accepted';
      ids: (string | null)[];
      rejected: { index: number; message: string }[];
      /** The provider's advertised requests per second (`ratelimit-limit`), when it sends one. */
      providerRate?: number;
    }
  /** 429 rate limit: wait and send the same batch again. */
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  /** 5xx, timeout, reset, concurrent idempotent request: retry later with the same key. */
  | { kind: 'retryable'; message: string }
  /** Daily/monthly quota exhausted: pause the send. */
  | { kind: 'quota'; message: string }
  /** 401/403: the key is wrong; stop sending. */
  | { kind: 'auth'; message: string }
  /** The key was used before with a different body: the first try may have been sent. */
  | { kind: 'conflict'; message: string }
  /** The provider refused this batch for good (validation of the whole request). */
  | { kind: 'permanent'; message: string };

/** Resolves at a reserved send slot (later if the provider asked everyone to wait meanwhile). */
export type Slot = () => Promise<void>;

export interface SendOptions {
  /** Same key + same body ⇒ the provider replays its first answer instead of sending again. */
  idempotencyKey?: string;
  /**
   * Awaited once the request is ready, right before it goes out (a reserved slot): whatever
   * preparing the request costs is spent before the slot, so requests leave on their slots.
   */
  ready?: Slot;
}

/** An email provider: one call carries 1 to 100 emails. */
export interface Mailer {
  /** Sends up to 100 emails in one provider call. Never throws for provider errors. */
  sendBatch(emails: OutgoingEmail[], options?: SendOptions): Promise<BatchOutcome>;
}

/**
 * Which kind of mail a slot is for: editions fill the rate; transactional mail (confirmations,
 * test copies) takes a bounded share of it.
 */
export type Lane = 'edition' | 'transactional';

/** A mailer that keeps every call under the provider's rate, for everything the runtime sends. */
export interface PacedMailer extends Mailer {
  /**
   * Reserves the next slot of `lane`; resolves shortly before it with the slot to pass as
   * `SendOptions.ready`. A call without `ready` reserves its own slot. Rate-limit answers and the
   * provider's advertised rate are applied by the mailer itself.
   */
  reserve(lane?: Lane): Promise<Slot>;
}

/**
 * The tag that ties an email (and the provider's events about it) to its delivery row: the
 * provider echoes tags in its webhooks.
 */
export const DELIVERY_TAG = 'delivery';
