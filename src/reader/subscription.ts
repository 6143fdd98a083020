/**
 * A reader's subscription lifecycle, as the public links drive it:
 *
 *   (none) ──subscribe──▶ pending ──confirm──▶ active ──unsubscribe──▶ unsubscribed
 *                           ▲                    ▲                         │
 *                           └── subscribe again ─┴──── confirm (fresh) ◀───┘
 *
 * bounced and complained are set by provider webhooks and are final: those addresses are
 * suppressed and never mailed again. The public answer to a subscribe never says which case
 * applied (no enumeration); the outcome is returned for logs and tests only.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { atomically } from '../db/atomic.js';
import { deliveries, subscribers, unsubscribes, type Subscriber } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { emailHash } from '../subscribers/email.js';
import { newSubscriberId } from '../subscribers/ids.js';
import { getSubscriber, isSuppressed, resolvePersona } from '../subscribers/store.js';
import { requestStatement } from '../transactional/lifecycle.js';
import { CONFIRM_TTL_MS } from './tokens.js';

export interface SubscribeRequest {
  email: string;
  name?: string | null;
  /** Already checked to exist. */
  persona?: string;
  language?: string;
}

/** For logs and tests only: `queued` when a reader email was requested, `suppressed` when the address may not be mailed. */
export type SubscribeOutcome = 'queued' | 'suppressed';

/**
 * Handles a public subscribe request for a validated address. It does the same work whatever the
 * address's state (new, pending, active, unsubscribed, suppressed), so neither the answer nor its
 * timing tells them apart: one transaction that creates a pending row if there is none and the
 * address is not suppressed, and queues a reader email request; the drainer decides later what
 * that request sends (a confirmation, the "already subscribed" note, or nothing) and when.
 * Choices stored for an address are never changed by a later request: until the address is
 * confirmed, whoever asks may not be its owner.
 */
export async function requestSubscription(deps: AppDeps, input: SubscribeRequest): Promise<SubscribeOutcome> {
  const { db } = deps;
  const now = deps.clock.now();
  const iso = now.toISOString();
  const hash = emailHash(input.email);
  const persona = await resolvePersona(db, input.persona);
  const id = newSubscriberId(now.getTime());
  const [, queued] = await atomically(db, () => [
    // Raw statements, built in this order: on better-sqlite3 they run as they are built.
    db.run(sql`INSERT INTO subscribers (id, email, name, persona, language, status, source, created_at, updated_at)
      SELECT ${id}, ${input.email}, ${input.name ?? null}, ${persona}, ${input.language ?? 'en'}, 'pending', 'web', ${iso}, ${iso}
      WHERE NOT EXISTS (SELECT 1 FROM suppressions WHERE email_hash = ${hash})
      ON CONFLICT (email) DO NOTHING`) as never,
    requestStatement(db, { email: input.email }, hash, now),
  ]);
  await wakeDrainer(deps);
  return queued ? 'queued' : 'suppressed';
}

/**
 * Queues the reader email an existing subscriber's status calls for, from the resubscribe button
 * (a signed link): a fresh confirmation for a pending or unsubscribed reader, the note for an
 * active one. It counts toward the address's daily cap, not its 10-minute gap.
 */
export async function mailFor(deps: AppDeps, subscriber: Subscriber): Promise<SubscribeOutcome> {
  const [queued] = await atomically(deps.db, () => [requestStatement(deps.db, { subscriberId: subscriber.id, viaLink: true }, emailHash(subscriber.email), deps.clock.now())]);
  await wakeDrainer(deps);
  return queued ? 'queued' : 'suppressed';
}

/** Wakes the drainer; a failure is logged, never shown (the next scheduler tick drains anyway). */
async function wakeDrainer(deps: AppDeps): Promise<void> {
  try {
    await deps.drainer.kick();
  } catch (err) {
    deps.log.error('could not wake the transactional queue; the next tick sends it', err);
  }
}

export type ConfirmOutcome = 'confirmed' | 'already_active' | 'stale' | 'undeliverable';

/**
 * Activates a subscriber from a confirm link. A link issued before the reader unsubscribed
 * cannot undo the unsubscribe: only a fresh confirmation resubscribes.
 */
export async function confirmSubscriber(deps: AppDeps, subscriber: Subscriber, linkExpiresAtMs: number): Promise<ConfirmOutcome> {
  if (subscriber.status === 'active') return 'already_active';
  if (subscriber.status === 'bounced' || subscriber.status === 'complained') return 'undeliverable';
  if (await isSuppressed(deps.db, subscriber.email)) return 'undeliverable';
  if (subscriber.status === 'unsubscribed') {
    // Expiry is stored in whole seconds, so the issue time is known to within a second.
    const issuedAtMs = linkExpiresAtMs - CONFIRM_TTL_MS;
    if (!subscriber.unsubscribedAt || issuedAtMs + 1000 < Date.parse(subscriber.unsubscribedAt)) return 'stale';
  }
  const iso = deps.clock.now().toISOString();
  const done = await deps.db
    .update(subscribers)
    .set({ status: 'active', confirmedAt: iso, unsubscribedAt: null, updatedAt: iso })
    .where(and(eq(subscribers.id, subscriber.id), inArray(subscribers.status, ['pending', 'unsubscribed'])))
    .returning({ id: subscribers.id });
  return done.length > 0 ? 'confirmed' : 'already_active';
}

export type UnsubscribeOutcome = 'unsubscribed' | 'already';

/**
 * Unsubscribes at once and records it for the stats, attributed to the last edition the reader
 * was sent (with the persona they received it as). Repeating it changes nothing.
 */
export async function unsubscribeSubscriber(deps: AppDeps, subscriber: Subscriber): Promise<UnsubscribeOutcome> {
  const { db } = deps;
  if (subscriber.status !== 'active' && subscriber.status !== 'pending') return 'already';
  const last = await db
    .select({ editionId: deliveries.editionId, persona: deliveries.persona })
    .from(deliveries)
    .where(and(eq(deliveries.subscriberId, subscriber.id), eq(deliveries.status, 'submitted')))
    .orderBy(desc(deliveries.sentAt), desc(deliveries.id))
    .limit(1)
    .get();
  const iso = deps.clock.now().toISOString();
  const live = and(eq(subscribers.id, subscriber.id), inArray(subscribers.status, ['active', 'pending']));
  // The insert reads the status before the update changes it, so a double click records once.
  await atomically(db, () => [
    db.insert(unsubscribes).select(
      db
        .select({
          // Every column, in table order (drizzle's insert…select requires it); null lets SQLite number the row.
          id: sql<number>`null`.as('id'),
          subscriberId: subscribers.id,
          editionId: sql<number | null>`${last?.editionId ?? null}`.as('edition_id'),
          persona: sql<string>`${last?.persona ?? subscriber.persona}`.as('persona'),
          createdAt: sql<string>`${iso}`.as('created_at'),
        })
        .from(subscribers)
        .where(live),
    ),
    db.update(subscribers).set({ status: 'unsubscribed', unsubscribedAt: iso, updatedAt: iso }).where(live),
  ]);
  const after = await getSubscriber(db, subscriber.id);
  return after?.status === 'unsubscribed' && after.unsubscribedAt === iso ? 'unsubscribed' : 'already';
}
