import type { Assembled } from '../render/index.js';

/**
 * The delivery engine's narrow view of an email provider. Implementations: Resend
 * (resend-mailer.ts, the only file importing `resend`) and the local outbox (outbox-mailer.ts).
 */

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
   * The same `html` and `text` as parts, when they were personalised from a compiled variant:
   * the literal pieces are shared by every recipient of the variant, so a mailer that writes
   * bytes can encode them once per variant instead of once per email.
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

export interface SendOptions {
  /** Same key + same body ⇒ the provider replays its first answer instead of sending again. */
  idempotencyKey?: string;
  /**
   * Awaited once the request is ready, right before it goes out (the pacer's slot): whatever
   * preparing the request costs is spent before the slot, so requests leave on their slots.
   */
  ready?: () => Promise<void>;
}

export interface Mailer {
  /** Sends up to 100 emails in one provider call. Never throws for provider errors. */
  sendBatch(emails: OutgoingEmail[], options?: SendOptions): Promise<BatchOutcome>;
}
