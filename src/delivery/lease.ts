/**
 * Leases: a row per resource that names who may work on it until when. Only the holder of an
 * edition's lease sends it, so two processes (or a scheduler tick and a route) never send the
 * same edition at once. A crashed holder's lease simply expires.
 */
import { and, eq, lt, or } from 'drizzle-orm';
import { leases } from '../db/schema.js';
import type { Db } from '../db/types.js';

/** Takes (or renews) the lease if free, expired, or already ours. True when we hold it. */
export async function acquireLease(db: Db, name: string, holder: string, now: Date, ms: number): Promise<boolean> {
  const iso = now.toISOString();
  const expiresAt = new Date(now.getTime() + ms).toISOString();
  const rows = await db
    .insert(leases)
    .values({ name, holder, expiresAt })
    .onConflictDoUpdate({
      target: leases.name,
      set: { holder, expiresAt },
      setWhere: or(eq(leases.holder, holder), lt(leases.expiresAt, iso)),
    })
    .returning({ holder: leases.holder });
  return rows.length === 1 && rows[0].holder === holder;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder)));
}

export const editionLease = (editionId: number) => `edition:${editionId}`;
