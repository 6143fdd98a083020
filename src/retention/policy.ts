/**
 * The retention rules, without I/O: what may be folded, when, and how much per tick.
 *
 * A batch's delivery rows may be folded into its edition's tallies once nothing can use them
 * again: the batch is final (its lifecycle has no way out of its status, so no send reads or
 * writes its deliveries), its edition is not sending nor scheduled to resume, and the edition's
 * send ended (sent, or last stopped) more than RETENTION_DAYS ago. A cancelled or paused edition's
 * batches that never went out keep their rows: the editor may still send them.
 */
import { BATCH_STATUSES, type BatchStatus, type EditionStatus } from '../db/schema.js';
import { nextBatchStatus, type BatchEvent } from '../delivery/batch-lifecycle.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Svix retries a message for about a day; its id is remembered a little longer. */
export const RECEIPT_DAYS = 3;

/**
 * Batches folded per tick, one transaction each (≤ 100 deliveries): ~5,000 delivery rows a tick,
 * 7 million a day at one tick a minute, far more than a weekly edition to a million readers needs.
 */
export const BATCHES_PER_TICK = 50;

/** Receipts pruned per statement, and statements per tick. */
export const RECEIPTS_PER_STEP = 1000;
export const RECEIPT_STEPS_PER_TICK = 20;

/** Every batch event, so a new one is considered here too. */
const BATCH_EVENTS: Record<BatchEvent, true> = { build: true, accept: true, refuse: true, lose: true };

/** Batch statuses no event leaves: nothing will send, skip or recount their deliveries again. */
export const FINAL_BATCH_STATUSES: BatchStatus[] = BATCH_STATUSES.filter((s) =>
  (Object.keys(BATCH_EVENTS) as BatchEvent[]).every((e) => nextBatchStatus(s, e) === null),
);

/** Editions whose send is not running and not about to: draft and scheduled have no final batch to fold, or are due to resume. */
export const FOLDABLE_EDITION_STATUSES: EditionStatus[] = ['sent', 'cancelled', 'paused', 'failed'];

/** Sends that ended before this time are folded. */
export function foldBefore(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** Receipts older than this are pruned. */
export function receiptsBefore(now: Date): Date {
  return new Date(now.getTime() - RECEIPT_DAYS * DAY_MS);
}
