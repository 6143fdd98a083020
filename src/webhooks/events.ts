/**
 * Provider feedback: each Resend event is acted on once (its `svix-id` is kept a few days as a
 * receipt), its feedback is written onto the delivery it is about, and a permanent bounce, a
 * complaint or a provider suppression suppresses the address for good. The event itself is not
 * kept: the delivery row holds its latest state and the first time of each kind the stats count,
 * so a redelivered or reordered event changes no number.
 *
 * Finding the delivery: Resend echoes an email's tags in its events, and every delivery's email is
 * tagged with the delivery's id, so that is one primary-key read, trusted only when the row's
 * provider id is the event's `data.email_id`. Provider ids are random, so indexing them would cost
 * a random index page per email while sending; they are not indexed. An event with no tags at all
 * (a sender that drops them) falls back to searching by provider id; an event whose tags carry no
 * delivery tag (a confirmation, a test copy) has no delivery, and neither has one whose delivery
 * was folded after the retention window or erased: those still suppress, by `data.to`.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { atomically, type Statement } from '../db/atomic.js';
import { deliveryClicks, editionLinks, webhookReceipts } from '../db/feedback-schema.js';
import { deliveries, subscribers, suppressions } from '../db/schema.js';
import type { Db } from '../db/types.js';
import type { AppDeps } from '../deps.js';
import { DELIVERY_TAG } from '../mail/port.js';
import { emailHash, normaliseEmail } from '../subscribers/email.js';
import { feedbackOf, suppressionFor, type Feedback, type ResendEvent } from './feedback.js';

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** An event's tags as name → value: Resend documents an array of `{name, value}`, and shows an object. */
function tagsOf(data: Record<string, unknown> | undefined): Map<string, string> | null {
  const tags = data?.tags;
  if (Array.isArray(tags)) {
    return new Map(tags.flatMap((t) => (t && typeof t === 'object' && str(t.name) && typeof t.value === 'string' ? [[t.name as string, t.value as string]] : [])));
  }
  if (tags && typeof tags === 'object') return new Map(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return null;
}

const target = { id: deliveries.id, editionId: deliveries.editionId, email: deliveries.email, providerId: deliveries.providerId };
type Target = { id: number; editionId: number; email: string; providerId: string | null };

/** The delivery an event is about, if it is about one of ours. */
async function deliveryFor(db: Db, providerId: string | undefined, data: Record<string, unknown> | undefined): Promise<Target | undefined> {
  if (!providerId) return undefined;
  const tags = tagsOf(data);
  if (!tags) return db.select(target).from(deliveries).where(eq(deliveries.providerId, providerId)).get();
  const id = Number(tags.get(DELIVERY_TAG));
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const d = await db.select(target).from(deliveries).where(eq(deliveries.id, id)).get();
  return d?.providerId === providerId ? d : undefined;
}

/** Sets a first-time column to `t` (Unix seconds) unless it already holds an earlier time. */
const earliest = (column: AnySQLiteColumn, t: number) => sql`CASE WHEN ${column} IS NULL OR ${column} > ${t} THEN ${t} ELSE ${column} END`;

/** The statements that write an event's feedback onto its delivery (and its click, if any). */
function feedbackWrites(db: Db, delivery: Target, f: Feedback): Statement[] {
  // Raw SQL binds no column mapping: the times go in as the Unix seconds the columns hold.
  const t = f.at.getTime() / 1000;
  const newer = sql`(${deliveries.feedbackAt} IS NULL OR ${deliveries.feedbackAt} <= ${t})`;
  const writes: Statement[] = [
    db
      .update(deliveries)
      .set({
        feedback: sql`CASE WHEN ${newer} THEN ${f.kind} ELSE ${deliveries.feedback} END`,
        feedbackAt: sql`CASE WHEN ${newer} THEN ${t} ELSE ${deliveries.feedbackAt} END`,
        ...(f.first ? { [f.first]: earliest(deliveries[f.first], t) } : {}),
      })
      .where(eq(deliveries.id, delivery.id)),
  ];
  if (f.link) {
    writes.push(
      db.insert(editionLinks).values({ editionId: delivery.editionId, url: f.link }).onConflictDoNothing(),
      db
        .insert(deliveryClicks)
        .select(
          db
            .select({ deliveryId: sql<number>`${delivery.id}`.as('delivery_id'), linkId: editionLinks.id })
            .from(editionLinks)
            .where(and(eq(editionLinks.editionId, delivery.editionId), eq(editionLinks.url, f.link))),
        )
        .onConflictDoNothing(),
    );
  }
  return writes;
}

/** Acts on an event once per svix id: its feedback, its suppression, a receipt. */
export async function recordEvent(deps: AppDeps, svixId: string, event: ResendEvent): Promise<'stored' | 'duplicate'> {
  const { db } = deps;
  if (await db.select({ id: webhookReceipts.svixId }).from(webhookReceipts).where(eq(webhookReceipts.svixId, svixId)).get()) return 'duplicate';
  const now = deps.clock.now();
  const providerId = str(event.data?.email_id)?.slice(0, 200);
  const delivery = await deliveryFor(db, providerId, event.data);
  const to = event.data?.to;
  const recipient = delivery && delivery.email !== 'erased@invalid' ? delivery.email : str(Array.isArray(to) ? to[0] : to);
  const suppression = suppressionFor(event);
  const feedback = delivery ? feedbackOf(event, now) : null;
  const iso = now.toISOString();
  // Two deliveries of one event at once may both get here: every write below is idempotent.
  await atomically(db, () => {
    const statements: Statement[] = [db.insert(webhookReceipts).values({ svixId, receivedAt: now }).onConflictDoNothing()];
    if (delivery && feedback) statements.push(...feedbackWrites(db, delivery, feedback));
    if (suppression && recipient) {
      const email = normaliseEmail(recipient);
      statements.push(
        db.insert(suppressions).values({ emailHash: emailHash(email), reason: suppression.reason, createdAt: iso }).onConflictDoNothing(),
        db.update(subscribers).set({ status: suppression.status, updatedAt: iso }).where(eq(subscribers.email, email)),
      );
    }
    return statements;
  });
  if (suppression && !recipient) deps.log.warn('webhook: cannot suppress, no recipient known', { type: event.type, providerId });
  return 'stored';
}
