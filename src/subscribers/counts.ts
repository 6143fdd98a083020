/**
 * How many subscribers there are per status × persona × language, read from the counts the
 * database keeps with every write (triggers on `subscribers`, migration `console_counts`): a few
 * dozen rows whatever the size of the list, so the console can show them on every page.
 */
import { and, asc, eq, gt } from 'drizzle-orm';
import { subscriberCounts, type SubscriberStatus } from '../db/schema.js';
import type { Db } from '../db/types.js';

/** One non-empty cell of the counts. */
export interface SubscriberCount {
  status: SubscriberStatus;
  persona: string;
  language: string;
  n: number;
}

/** Every non-empty status × persona × language cell, optionally of one status. */
export async function subscriberCountCells(db: Db, status?: SubscriberStatus): Promise<SubscriberCount[]> {
  return db
    .select({ status: subscriberCounts.status, persona: subscriberCounts.persona, language: subscriberCounts.language, n: subscriberCounts.n })
    .from(subscriberCounts)
    .where(and(gt(subscriberCounts.n, 0), status ? eq(subscriberCounts.status, status) : undefined))
    .orderBy(asc(subscriberCounts.persona), asc(subscriberCounts.language), asc(subscriberCounts.status));
}

/**
 * Who a send starting now would reach, per persona × language: the active subscribers (suppressed
 * addresses are bounced or complained, never active), as the audience snapshot takes them.
 */
export async function audienceByVariant(db: Db): Promise<{ persona: string; language: string; n: number }[]> {
  return (await subscriberCountCells(db, 'active')).map(({ persona, language, n }) => ({ persona, language, n }));
}
