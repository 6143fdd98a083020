/**
 * The audience snapshot: when a send starts, one delivery row per active, non-suppressed
 * subscriber, with the recipient frozen (address, name, persona, language, token version),
 * taken in one INSERT … SELECT; then one batch row per 100 deliveries. All or nothing. Rows start
 * in their lifecycles' first status (the columns' defaults: queued, pending).
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { atomically } from '../db/atomic.js';
import { deliveries, editions } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { BATCH_SIZE, keyPrefix } from './plan.js';

/**
 * Takes the snapshot for an edition that has none yet (no send id). Returns the number of
 * recipients, or null when a snapshot already exists (a resumed send keeps its audience).
 */
export async function takeSnapshot(db: Db, editionId: number, now: Date): Promise<number | null> {
  const sendId = randomUUID();
  const iso = now.toISOString();
  await atomically(db, () => [
    // Raw statements throughout: on better-sqlite3 they run as they are built, in this order.
    db.run(sql`UPDATE editions SET send_id = ${sendId}, send_started_at = ${iso}, updated_at = ${iso}
               WHERE id = ${editionId} AND send_id IS NULL`) as never,
    // Suppressed addresses have status bounced/complained, so "active" excludes them.
    db.run(sql`
      INSERT INTO deliveries (edition_id, subscriber_id, seq, batch_number, email, name, persona, language, token_version)
      SELECT ${editionId}, s.id, r.rn - 1, (r.rn - 1) / ${sql.raw(String(BATCH_SIZE))}, s.email, s.name, s.persona, s.language, s.token_version
      FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM subscribers WHERE status = 'active') r
      JOIN subscribers s ON s.id = r.id
      WHERE (SELECT send_id FROM editions WHERE id = ${editionId}) = ${sendId}
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.edition_id = ${editionId})
    `) as never,
    db.run(sql`
      INSERT INTO batches (edition_id, number, idempotency_key, attempts, size)
      WITH RECURSIVE total(n) AS (SELECT count(*) FROM deliveries WHERE edition_id = ${editionId}),
      n(x) AS (
        SELECT 0 WHERE (SELECT n FROM total) > 0
        UNION ALL
        SELECT x + 1 FROM n WHERE (x + 1) * ${sql.raw(String(BATCH_SIZE))} < (SELECT n FROM total)
      )
      SELECT ${editionId}, x, ${keyPrefix(sendId)} || x, 0,
             min(${sql.raw(String(BATCH_SIZE))}, (SELECT n FROM total) - x * ${sql.raw(String(BATCH_SIZE))}) FROM n
      WHERE (SELECT send_id FROM editions WHERE id = ${editionId}) = ${sendId}
        AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.edition_id = ${editionId})
    `) as never,
  ]);
  const e = await db.select({ sendId: editions.sendId }).from(editions).where(eq(editions.id, editionId)).get();
  if (e?.sendId !== sendId) return null;
  const c = await db.select({ n: sql<number>`count(*)` }).from(deliveries).where(eq(deliveries.editionId, editionId)).get();
  return c?.n ?? 0;
}
