/** Data operations of the delivery engine: building, claiming and recording batches. */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { atomically } from '../db/atomic.js';
import { batches, deliveries, editions, subscribers, type Batch, type Delivery, type DeliveryStatus, type EditionStatus } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { progressFrom, type Progress } from './plan.js';

/** The next batch after `afterNumber` that still needs work (pending or submitting). */
export async function nextOpenBatch(db: Db, editionId: number, afterNumber: number): Promise<Batch | undefined> {
  return db
    .select()
    .from(batches)
    .where(and(eq(batches.editionId, editionId), gt(batches.number, afterNumber), inArray(batches.status, ['pending', 'submitting'])))
    .orderBy(asc(batches.number))
    .limit(1)
    .get();
}

/**
 * Assignments that bring a batch's counts (`batches.sent` …) up to date with its deliveries, in
 * the same transaction as the status change: each is one indexed read of at most 100 rows.
 */
function countsOf(batch: Batch) {
  const n = (status: DeliveryStatus) =>
    sql`(SELECT count(*) FROM deliveries d WHERE d.edition_id = ${batch.editionId} AND d.batch_number = ${batch.number} AND d.status = ${status})`;
  return { sent: n('sent'), failed: n('failed'), skipped: n('skipped'), uncertain: n('uncertain') };
}

/**
 * Builds a pending batch: recipients who are no longer active (unsubscribed, bounced, erased)
 * are skipped, and the batch becomes `submitting` — both at once, so the batch's membership
 * never changes afterwards and every retry sends the same body.
 */
export async function buildBatch(db: Db, batch: Batch): Promise<void> {
  await atomically(db, () => [
    db
      .update(deliveries)
      .set({ status: 'skipped', error: 'no longer subscribed when the batch was built' })
      .where(
        and(
          eq(deliveries.editionId, batch.editionId),
          eq(deliveries.batchNumber, batch.number),
          eq(deliveries.status, 'queued'),
          // Correlated, so each recipient is one primary-key lookup however large the list.
          sql`NOT EXISTS (SELECT 1 FROM ${subscribers} s WHERE s.id = ${deliveries.subscriberId} AND s.status = 'active')`,
        ),
      ),
    // Building only ever skips: the other counts are still 0.
    db.update(batches).set({ status: 'submitting', skipped: countsOf(batch).skipped }).where(and(eq(batches.id, batch.id), eq(batches.status, 'pending'))),
  ]);
}

/** Notes one more provider attempt on a batch. */
export async function noteAttempt(db: Db, batch: Batch, now: Date): Promise<void> {
  const iso = now.toISOString();
  await db
    .update(batches)
    .set({ attempts: sql`${batches.attempts} + 1`, firstAttemptAt: batch.firstAttemptAt ?? iso, lastAttemptAt: iso })
    .where(eq(batches.id, batch.id));
  batch.firstAttemptAt ??= iso;
}

/** What sending needs of a delivery row: who it goes to, as frozen by the snapshot. */
export type BatchRecipient = Pick<Delivery, 'id' | 'subscriberId' | 'tokenVersion' | 'email' | 'name' | 'persona' | 'language'>;

/** The recipients a built batch carries, in snapshot order. */
export async function batchRecipients(db: Db, batch: Batch): Promise<BatchRecipient[]> {
  const { id, subscriberId, tokenVersion, email, name, persona, language } = deliveries;
  return db
    .select({ id, subscriberId, tokenVersion, email, name, persona, language })
    .from(deliveries)
    .where(and(eq(deliveries.editionId, batch.editionId), eq(deliveries.batchNumber, batch.number), eq(deliveries.status, 'queued')))
    .orderBy(asc(deliveries.seq));
}

/**
 * Records an accepted batch: each recipient sent (with the provider id) or failed (with the
 * reason). Three statements whatever the batch size: the per-recipient values travel as one
 * JSON parameter (D1 allows 100 bound parameters per statement).
 */
export async function recordAccepted(
  db: Db,
  batch: Batch,
  recipients: Pick<Delivery, 'id'>[],
  ids: (string | null)[],
  rejected: { index: number; message: string }[],
  now: Date,
): Promise<void> {
  const iso = now.toISOString();
  const reasons = new Map(rejected.map((r) => [r.index, r.message]));
  const sentCount = recipients.reduce((n, _, i) => (ids[i] ? n + 1 : n), 0);
  const sent = JSON.stringify(recipients.flatMap((d, i) => (ids[i] ? [{ i: d.id, p: ids[i] }] : [])));
  const failed = JSON.stringify(
    recipients.flatMap((d, i) => (ids[i] ? [] : [{ i: d.id, e: reasons.get(i) ?? 'rejected by the provider' }])),
  );
  // Raw statements throughout: on better-sqlite3 they run as they are built, in this order.
  await atomically(db, () => [
    db.run(sql`UPDATE deliveries SET status = 'sent', provider_id = json_extract(j.value, '$.p'), sent_at = ${iso}, error = NULL
               FROM json_each(${sent}) AS j WHERE deliveries.id = json_extract(j.value, '$.i')`) as never,
    db.run(sql`UPDATE deliveries SET status = 'failed', error = json_extract(j.value, '$.e')
               FROM json_each(${failed}) AS j WHERE deliveries.id = json_extract(j.value, '$.i')`) as never,
    // This batch's queued recipients are all answered here: each one sent or failed.
    db.run(sql`UPDATE batches SET status = 'submitted', error = NULL, sent = ${sentCount}, failed = ${recipients.length - sentCount} WHERE id = ${batch.id}`) as never,
  ]);
}

/** Ends a batch without sending: failed (refused for good) or uncertain (maybe sent; the editor decides). */
export async function closeBatch(db: Db, batch: Batch, status: 'failed' | 'uncertain', reason: string): Promise<void> {
  await atomically(db, () => [
    db
      .update(deliveries)
      .set({ status, error: reason })
      .where(and(eq(deliveries.editionId, batch.editionId), eq(deliveries.batchNumber, batch.number), eq(deliveries.status, 'queued'))),
    db.update(batches).set({ status, error: reason, ...countsOf(batch) }).where(eq(batches.id, batch.id)),
  ]);
}

export async function setBatchError(db: Db, batch: Batch, reason: string): Promise<void> {
  await db.update(batches).set({ error: reason }).where(eq(batches.id, batch.id));
}

export async function editionStatus(db: Db, editionId: number): Promise<EditionStatus | undefined> {
  return (await db.select({ s: editions.status }).from(editions).where(eq(editions.id, editionId)).get())?.s;
}

/** Moves an edition from one status to another only if it is still in `from` (compare-and-set). */
export async function moveEdition(
  db: Db,
  editionId: number,
  from: EditionStatus[],
  to: EditionStatus,
  now: Date,
  extra: Partial<typeof editions.$inferInsert> = {},
): Promise<boolean> {
  const rows = await db
    .update(editions)
    .set({ status: to, updatedAt: now.toISOString(), ...extra })
    .where(and(eq(editions.id, editionId), inArray(editions.status, from)))
    .returning({ id: editions.id });
  return rows.length === 1;
}

/** Where a send stands: the batches' counts summed (one row per 100 deliveries, not one per delivery). */
export async function progress(db: Db, editionId: number): Promise<Progress> {
  const status = (await editionStatus(db, editionId)) ?? 'draft';
  const sum = (column: AnySQLiteColumn) => sql<number>`coalesce(sum(${column}), 0)`;
  const c = await db
    .select({ size: sum(batches.size), sent: sum(batches.sent), failed: sum(batches.failed), skipped: sum(batches.skipped), uncertain: sum(batches.uncertain) })
    .from(batches)
    .where(eq(batches.editionId, editionId))
    .get();
  const counted = { sent: c?.sent ?? 0, failed: c?.failed ?? 0, skipped: c?.skipped ?? 0, uncertain: c?.uncertain ?? 0 };
  const queued = (c?.size ?? 0) - counted.sent - counted.failed - counted.skipped - counted.uncertain;
  return progressFrom(status, { ...counted, queued });
}

/** The (persona, language) pairs an edition's snapshot needs. */
export async function audienceVariants(db: Db, editionId: number): Promise<{ persona: string; language: string }[]> {
  return db
    .selectDistinct({ persona: deliveries.persona, language: deliveries.language })
    .from(deliveries)
    .where(eq(deliveries.editionId, editionId));
}

/** Marks a sending edition sent once none of its batches needs work. True if it did. */
export async function finishIfDone(db: Db, editionId: number, now: Date): Promise<boolean> {
  if (await nextOpenBatch(db, editionId, -1)) return false;
  return moveEdition(db, editionId, ['sending'], 'sent', now, { sentAt: now.toISOString(), statusReason: null });
}
