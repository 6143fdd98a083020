/**
 * Pure planning for the delivery engine: batch sizes and keys, retry decisions and backoff,
 * progress. No I/O here; everything is tested with plain values and a fixed clock.
 */
import { z } from 'zod';
import { EDITION_STATUSES, type DeliveryStatus } from '../db/schema.js';
import type { BatchOutcome } from '../mail/port.js';

/** Resend takes at most 100 emails per batch call. */
export const BATCH_SIZE = 100;

/** Resend keeps idempotency keys 24 h; we only trust a key younger than this. */
export const KEY_FRESH_MS = 23 * 60 * 60 * 1000;

/** Retries of one batch within one run before the run yields (the next tick resumes it). */
export const MAX_RETRIES_PER_RUN = 8;

export const batchCount = (recipients: number) => Math.ceil(recipients / BATCH_SIZE);

/** The key names the send (a UUID stored with the snapshot) and the batch: unique across databases. */
export const keyPrefix = (sendId: string) => `pp-${sendId}-b`;
export const idempotencyKey = (sendId: string, batchNumber: number) => `${keyPrefix(sendId)}${batchNumber}`;

/** Can a batch left `submitting` (maybe accepted, answer lost) be retried safely with its key? */
export function canRetrySubmitting(firstAttemptAt: string | null, now: Date): boolean {
  if (!firstAttemptAt) return true;
  return now.getTime() - Date.parse(firstAttemptAt) < KEY_FRESH_MS;
}

/** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s … capped at 30 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What the engine does after one provider call. */
export type Decision =
  | { action: 'record' }
  | { action: 'wait-and-retry'; waitMs: number }
  | { action: 'give-up-for-now' }
  | { action: 'pause'; reason: string }
  | { action: 'stop'; reason: string }
  | { action: 'mark-uncertain'; reason: string }
  | { action: 'fail-batch'; reason: string };

export function decide(outcome: BatchOutcome, attempt: number, random: () => number = Math.random): Decision {
  switch (outcome.kind) {
    case 'accepted':
      return { action: 'record' };
    case 'rate_limited':
      return { action: 'wait-and-retry', waitMs: Math.max(outcome.retryAfterMs, 250) };
    case 'retryable':
      return attempt >= MAX_RETRIES_PER_RUN ? { action: 'give-up-for-now' } : { action: 'wait-and-retry', waitMs: backoffMs(attempt, random) };
    case 'quota':
      return { action: 'pause', reason: `provider quota exhausted (${outcome.message})` };
    case 'auth':
      return { action: 'stop', reason: `provider refused the API key (${outcome.message})` };
    case 'conflict':
      return { action: 'mark-uncertain', reason: outcome.message };
    case 'permanent':
      return { action: 'fail-batch', reason: outcome.message };
  }
}

const deliveries = z.number().int().min(0);

/** Where a send stands, in the API's words: `sent` counts the deliveries the provider accepted (submitted). */
export const progressSchema = z
  .object({
    status: z.enum(EDITION_STATUSES).describe("The edition's status"),
    total: deliveries.describe('Deliveries in the audience snapshot (0 before the send starts)'),
    queued: deliveries,
    sent: deliveries.describe('Accepted by the provider (submitted); the inbox is another matter'),
    failed: deliveries,
    skipped: deliveries.describe('No longer active when their batch was built'),
    uncertain: deliveries.describe('May or may not have gone out; never resent by itself'),
  })
  .meta({ id: 'Progress' });
export type Progress = z.output<typeof progressSchema>;

/** Progress from per-status delivery counts. */
export function progressFrom(status: Progress['status'], counts: Partial<Record<DeliveryStatus, number>>): Progress {
  const n = (k: DeliveryStatus) => counts[k] ?? 0;
  const p = { status, queued: n('queued'), sent: n('submitted'), failed: n('failed'), skipped: n('skipped'), uncertain: n('uncertain') };
  return { ...p, total: p.queued + p.sent + p.failed + p.skipped + p.uncertain };
}
