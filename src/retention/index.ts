/**
 * The retention step of the scheduler tick, the same on Node and Workers: prunes webhook receipts
 * older than a few days, then folds the batches of editions whose send ended more than
 * RETENTION_DAYS ago into their tallies (fold.ts), one small transaction per batch, a bounded
 * number per tick. Each step leaves the database whole, so a crash (or a Worker's time running
 * out) loses nothing: the next tick carries on from what is left.
 */
import { sql } from 'drizzle-orm';
import { changesOf } from '../db/atomic.js';
import type { Db } from '../db/types.js';
import type { CoreDeps } from '../deps.js';
import { foldableBatches, foldBatch } from './fold.js';
import { BATCHES_PER_TICK, foldBefore, RECEIPT_STEPS_PER_TICK, RECEIPTS_PER_STEP, receiptsBefore } from './policy.js';

export interface RetentionReport {
  /** Batches folded. */
  folded: number;
  /** Delivery rows folded. */
  deliveries: number;
  /** Webhook receipts pruned. */
  receipts: number;
}

/**
 * Receipts arrive in time order, so the oldest are the first rows: each step looks at the first
 * RECEIPTS_PER_STEP rows only and stops at the first young one, however many are kept.
 */
async function pruneReceipts(db: Db, before: Date): Promise<number> {
  const seconds = Math.floor(before.getTime() / 1000);
  let pruned = 0;
  for (let step = 0; step < RECEIPT_STEPS_PER_TICK; step++) {
    const n = changesOf(
      await db.run(sql`DELETE FROM webhook_receipts
        WHERE rowid IN (SELECT rowid FROM webhook_receipts ORDER BY rowid LIMIT ${RECEIPTS_PER_STEP}) AND received_at < ${seconds}`),
    );
    pruned += n;
    if (n < RECEIPTS_PER_STEP) break;
  }
  return pruned;
}

/** Runs one retention step. Throws what a failed transaction threw (that batch stays whole). */
export async function runRetention(deps: CoreDeps, options: { batches?: number } = {}): Promise<RetentionReport> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const report: RetentionReport = { folded: 0, deliveries: 0, receipts: await pruneReceipts(db, receiptsBefore(now)) };
  const before = foldBefore(now, config.retentionDays);
  for (const batch of await foldableBatches(db, before, options.batches ?? BATCHES_PER_TICK)) {
    report.deliveries += await foldBatch(db, batch, before, now);
    report.folded++;
  }
  return report;
}
