/**
 * Data operations of the delivery engine: claiming batches, reading their recipients, progress.
 * Status changes go through the lifecycles (batch-lifecycle.ts, editions/lifecycle.ts). The
 * queries every batch runs are prepared once per database (drizzle's `.prepare()`).
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { batches, deliveries, editions, type Batch, type Delivery, type EditionStatus } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { applyEdition } from '../editions/lifecycle.js';
import { progressFrom, type Progress } from './plan.js';

const p = (name: string) => sql.placeholder(name);

function prepareHot(db: Db) {
  const { id, subscriberId, tokenVersion, email, name, persona, language } = deliveries;
  return {
    nextOpenBatch: db
      .select()
      .from(batches)
      .where(and(eq(batches.editionId, p('edition')), gt(batches.number, p('after')), inArray(batches.status, ['pending', 'submitting'])))
      .orderBy(asc(batches.number))
      .limit(1)
      .prepare(),
    editionStatus: db.select({ s: editions.status }).from(editions).where(eq(editions.id, p('edition'))).prepare(),
    recipients: db
      .select({ id, subscriberId, tokenVersion, email, name, persona, language })
      .from(deliveries)
      .where(and(eq(deliveries.editionId, p('edition')), eq(deliveries.batchNumber, p('number')), eq(deliveries.status, 'queued')))
      .orderBy(asc(deliveries.seq))
      .prepare(),
  };
}

const hot = new WeakMap<Db, ReturnType<typeof prepareHot>>();
function hotQueries(db: Db) {
  let q = hot.get(db);
  if (!q) hot.set(db, (q = prepareHot(db)));
  return q;
}

/** The next batch after `afterNumber` that still needs work (pending or submitting). */
export async function nextOpenBatch(db: Db, editionId: number, afterNumber: number): Promise<Batch | undefined> {
  return (await hotQueries(db).nextOpenBatch.get({ edition: editionId, after: afterNumber })) as Batch | undefined;
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
  return (await hotQueries(db).recipients.all({ edition: batch.editionId, number: batch.number })) as BatchRecipient[];
}

export async function setBatchError(db: Db, batch: Batch, reason: string): Promise<void> {
  await db.update(batches).set({ error: reason }).where(eq(batches.id, batch.id));
}

export async function editionStatus(db: Db, editionId: number): Promise<EditionStatus | undefined> {
  return ((await hotQueries(db).editionStatus.get({ edition: editionId })) as { s: EditionStatus } | undefined)?.s;
}

/** Where a send stands: the batches' counts summed (one row per 100 deliveries, not one per delivery). */
export async function progress(db: Db, editionId: number): Promise<Progress> {
  const status = (await editionStatus(db, editionId)) ?? 'draft';
  const sum = (column: AnySQLiteColumn) => sql<number>`coalesce(sum(${column}), 0)`;
  const c = await db
    .select({ size: sum(batches.size), submitted: sum(batches.submitted), failed: sum(batches.failed), skipped: sum(batches.skipped), uncertain: sum(batches.uncertain) })
    .from(batches)
    .where(eq(batches.editionId, editionId))
    .get();
  const counted = { submitted: c?.submitted ?? 0, failed: c?.failed ?? 0, skipped: c?.skipped ?? 0, uncertain: c?.uncertain ?? 0 };
  const queued = (c?.size ?? 0) - counted.submitted - counted.failed - counted.skipped - counted.uncertain;
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
  return (await applyEdition(db, editionId, 'finish', now, { sentAt: now.toISOString(), statusReason: null })) !== null;
}
