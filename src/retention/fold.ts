/**
 * Folding one batch: its deliveries (with their feedback), their clicks and the unsubscribes they
 * led to become additions to the edition's tallies (per persona × language) and link tallies, and
 * the rows are deleted; the batch row stays, marked folded, with its counts (progress, the
 * editor's record of uncertain sends). One transaction per batch (≤ 100 deliveries), so it never
 * holds the database long, and a crash leaves each batch either folded or whole.
 *
 * Every statement repeats the eligibility check (policy.ts) in the same transaction, as the
 * lifecycles do: if the editor starts the edition again meanwhile, or another process folded the
 * batch first, the statements change nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import { atomically } from '../db/atomic.js';
import type { Db } from '../db/types.js';
import { FINAL_BATCH_STATUSES, FOLDABLE_EDITION_STATUSES } from './policy.js';

/** A batch whose rows may be folded. */
export interface FoldableBatch {
  id: number;
  editionId: number;
  number: number;
}

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** The conditions, on batch `b` and its edition `e`, under which a batch may be folded. */
const foldable = (before: string) => sql`b.folded_at IS NULL AND b.status IN (${list(FINAL_BATCH_STATUSES)})
  AND e.status IN (${list(FOLDABLE_EDITION_STATUSES)}) AND coalesce(e.sent_at, e.updated_at) < ${before}`;

/** Up to `limit` batches that may be folded, oldest edition first. */
export async function foldableBatches(db: Db, before: Date, limit: number): Promise<FoldableBatch[]> {
  return (await db.all(sql`SELECT b.id AS id, b.edition_id AS editionId, b.number AS number
    FROM batches b JOIN editions e ON e.id = b.edition_id
    WHERE ${foldable(before.toISOString())}
    ORDER BY b.edition_id, b.number LIMIT ${limit}`)) as FoldableBatch[];
}

/** Folds one batch. Returns how many delivery rows it folded (0 when it was no longer foldable). */
export async function foldBatch(db: Db, batch: FoldableBatch, before: Date, now: Date): Promise<number> {
  const { id, editionId, number } = batch;
  const still = sql`EXISTS (SELECT 1 FROM batches b JOIN editions e ON e.id = b.edition_id WHERE b.id = ${id} AND ${foldable(before.toISOString())})`;
  const rows = sql`d.edition_id = ${editionId} AND d.batch_number = ${number}`;
  const statements: SQL[] = [
    sql`INSERT INTO edition_tallies (edition_id, persona, language, sent, delivered, opened, clicked, bounced, complained, unsubscribed)
      SELECT d.edition_id, d.persona, d.language, count(*) FILTER (WHERE d.status = 'submitted'),
        count(d.delivered_at), count(d.opened_at), count(d.clicked_at), count(d.bounced_at), count(d.complained_at),
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unsubscribes u WHERE u.edition_id = d.edition_id AND u.subscriber_id = d.subscriber_id))
      FROM deliveries d WHERE ${rows} AND ${still}
      GROUP BY d.persona, d.language
      ON CONFLICT (edition_id, persona, language) DO UPDATE SET
        sent = edition_tallies.sent + excluded.sent, delivered = edition_tallies.delivered + excluded.delivered,
        opened = edition_tallies.opened + excluded.opened, clicked = edition_tallies.clicked + excluded.clicked,
        bounced = edition_tallies.bounced + excluded.bounced, complained = edition_tallies.complained + excluded.complained,
        unsubscribed = edition_tallies.unsubscribed + excluded.unsubscribed`,
    sql`INSERT INTO link_tallies (link_id, persona, language, clicked)
      SELECT c.link_id, d.persona, d.language, count(*)
      FROM deliveries d JOIN delivery_clicks c ON c.delivery_id = d.id WHERE ${rows} AND ${still}
      GROUP BY c.link_id, d.persona, d.language
      ON CONFLICT (link_id, persona, language) DO UPDATE SET clicked = link_tallies.clicked + excluded.clicked`,
    sql`DELETE FROM delivery_clicks WHERE delivery_id IN (SELECT d.id FROM deliveries d WHERE ${rows}) AND ${still}`,
    sql`DELETE FROM unsubscribes WHERE edition_id = ${editionId}
      AND subscriber_id IN (SELECT d.subscriber_id FROM deliveries d WHERE ${rows}) AND ${still}`,
    sql`DELETE FROM deliveries AS d WHERE ${rows} AND ${still}`,
    // Last, so every statement above still saw the batch as foldable.
    sql`UPDATE batches SET folded_at = ${now.toISOString()} WHERE id = ${id} AND ${still}`,
  ];
  // Raw statements throughout: on better-sqlite3 they run as they are built, in this order.
  const changes = await atomically(db, () => statements.map((s) => db.run(s) as never));
  return changes[4];
}
