/**
 * The batch lifecycle, wired: a batch and its deliveries change status together, and only here
 * (`applyBatch` is the one writer of `batches.status` and `deliveries.status`; a source scan in
 * tests/architecture.test.ts holds it to that).
 *
 *   pending ──build──▶ submitting ──accept──▶ submitted     deliveries: queued → submitted | failed
 *      │                  ├────────refuse───▶ failed        deliveries: queued → failed
 *      └──────refuse──────┤
 *                         └────────lose─────▶ uncertain     deliveries: queued → uncertain
 *
 * build: its recipients who are no longer active are skipped, and its membership is fixed, so
 * every retry sends the same body. lose: the batch may or may not have gone out (its answer was
 * lost and its key is stale, or the provider says the key was used with another body); the
 * editor decides. Every statement checks the batch's status in the same transaction, so a
 * transition that is no longer allowed changes nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import { atomically } from '../db/atomic.js';
import { BATCH_STATUSES, type Batch, type BatchStatus, type DeliveryStatus } from '../db/schema.js';
import type { Db } from '../db/types.js';

export type BatchEvent = 'build' | 'accept' | 'refuse' | 'lose';

const TRANSITIONS: Record<BatchStatus, Partial<Record<BatchEvent, BatchStatus>>> = {
  pending: { build: 'submitting', refuse: 'failed' },
  submitting: { accept: 'submitted', refuse: 'failed', lose: 'uncertain' },
  submitted: {},
  failed: {},
  uncertain: {},
};

/** The status after `event`, or null when the event is not allowed from `from`. */
export function nextBatchStatus(from: BatchStatus, event: BatchEvent): BatchStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

function edgesOf(event: BatchEvent): { from: BatchStatus[]; to: BatchStatus } {
  const from = BATCH_STATUSES.filter((s) => nextBatchStatus(s, event) !== null);
  return { from, to: nextBatchStatus(from[0], event)! };
}

/** What an event carries. */
export type BatchEventData =
  | { event: 'build' }
  /** `recipients[i]` was answered with `ids[i]` (null: rejected, with its reason in `rejected`). */
  | { event: 'accept'; recipients: { id: number }[]; ids: (string | null)[]; rejected: { index: number; message: string }[]; now: Date }
  | { event: 'refuse' | 'lose'; reason: string };

type BatchRef = Pick<Batch, 'id' | 'editionId' | 'number'>;

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/**
 * Applies an event to a batch and its queued deliveries, all or nothing. True when the batch was
 * in a status the event leaves from (and has moved); false changes nothing.
 */
export async function applyBatch(db: Db, batch: BatchRef, data: BatchEventData): Promise<boolean> {
  const { from, to } = edgesOf(data.event);
  const { id, editionId, number } = batch;
  const allowed = sql`EXISTS (SELECT 1 FROM batches b WHERE b.id = ${id} AND b.status IN (${list(from)}))`;
  const queued = sql`deliveries.edition_id = ${editionId} AND deliveries.batch_number = ${number} AND deliveries.status = 'queued'`;
  const deliveryWrites: SQL[] = [];
  let error: string | null = null;

  switch (data.event) {
    case 'build':
      // Correlated, so each recipient is one primary-key lookup however large the list.
      deliveryWrites.push(sql`UPDATE deliveries SET status = 'skipped', error = 'no longer subscribed when the batch was built'
        WHERE ${queued} AND ${allowed}
          AND NOT EXISTS (SELECT 1 FROM subscribers s WHERE s.id = deliveries.subscriber_id AND s.status = 'active')`);
      break;
    case 'accept': {
      const { recipients, ids, rejected, now } = data;
      const reasons = new Map(rejected.map((r) => [r.index, r.message]));
      // The per-recipient values travel as one JSON parameter (D1 allows 100 bound parameters).
      const submitted = JSON.stringify(recipients.flatMap((d, i) => (ids[i] ? [{ i: d.id, p: ids[i] }] : [])));
      const failed = JSON.stringify(recipients.flatMap((d, i) => (ids[i] ? [] : [{ i: d.id, e: reasons.get(i) ?? 'rejected by the provider' }])));
      deliveryWrites.push(
        sql`UPDATE deliveries SET status = 'submitted', provider_id = json_extract(j.value, '$.p'), sent_at = ${now.toISOString()}, error = NULL
            FROM json_each(${submitted}) AS j WHERE deliveries.id = json_extract(j.value, '$.i') AND ${queued} AND ${allowed}`,
        sql`UPDATE deliveries SET status = 'failed', error = json_extract(j.value, '$.e')
            FROM json_each(${failed}) AS j WHERE deliveries.id = json_extract(j.value, '$.i') AND ${queued} AND ${allowed}`,
      );
      break;
    }
    case 'refuse':
    case 'lose': {
      const status: DeliveryStatus = data.event === 'refuse' ? 'failed' : 'uncertain';
      error = data.reason;
      deliveryWrites.push(sql`UPDATE deliveries SET status = ${status}, error = ${error} WHERE ${queued} AND ${allowed}`);
      break;
    }
  }

  // The batch's counts, kept with its status: progress sums them instead of counting deliveries.
  const count = (status: DeliveryStatus) =>
    sql`(SELECT count(*) FROM deliveries d WHERE d.edition_id = ${editionId} AND d.batch_number = ${number} AND d.status = ${status})`;
  const batchWrite = sql`UPDATE batches SET status = ${to}, error = ${error},
      submitted = ${count('submitted')}, failed = ${count('failed')}, skipped = ${count('skipped')}, uncertain = ${count('uncertain')}
    WHERE id = ${id} AND status IN (${list(from)})`;
  // Raw statements throughout: on better-sqlite3 they run as they are built, in this order.
  const changes = await atomically(db, () => [...deliveryWrites, batchWrite].map((s) => db.run(s) as never));
  return changes[changes.length - 1] === 1;
}
