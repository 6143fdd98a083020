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
import { findByEmail, getSubscriber, isSuppressed, resolvePersona } from '../subscribers/store.js';
import { newSubscriberId } from '../subscribers/ids.js';
import { alreadySubscribedEmail, confirmationEmail, sendQuietly } from './mail.js';
import { CONFIRM_TTL_MS } from './tokens.js';

export interface SubscribeRequest {
  email: string;
  name?: string | null;
  /** Already checked to exist. */
  persona?: string;
  language?: string;
}

export type SubscribeOutcome = 'confirmation_sent' | 'note_sent' | 'nothing_sent';

/** Handles a public subscribe request for a validated address. */
export async function requestSubscription(deps: AppDeps, input: SubscribeRequest): Promise<SubscribeOutcome> {
  const { db } = deps;
  if (await isSuppressed(db, input.email)) return 'nothing_sent';
  const iso = deps.clock.now().toISOString();
  let subscriber = await findByEmail(db, input.email);
  if (!subscriber) {
    const id = newSubscriberId(deps.clock.now().getTime());
    await db
      .insert(subscribers)
      .values({
        id,
        email: input.email,
        name: input.name ?? null,
        persona: await resolvePersona(db, input.persona),
        language: input.language ?? 'en',
        status: 'pending',
        source: 'web',
        createdAt: iso,
        updatedAt: iso,
      })
      .onConflictDoNothing({ target: subscribers.email });
    // A concurrent request may have created it first; either way there is one row now.
    subscriber = (await findByEmail(db, input.email))!;
  } else if (subscriber.status === 'pending') {
    // Nothing is used before confirmation, so the latest choices win.
    const set: Partial<Subscriber> = { updatedAt: iso };
    if (input.name !== undefined) set.name = input.name;
    if (input.persona !== undefined) set.persona = input.persona;
    if (input.language !== undefined) set.language = input.language;
    await db.update(subscribers).set(set).where(and(eq(subscribers.id, subscriber.id), eq(subscribers.status, 'pending')));
    subscriber = (await getSubscriber(db, subscriber.id))!;
  }
  return mailFor(deps, subscriber);
}

/** Sends what an existing subscriber's status calls for when they ask to subscribe. */
export async function mailFor(deps: AppDeps, subscriber: Subscriber): Promise<SubscribeOutcome> {
  switch (subscriber.status) {
    case 'pending':
    case 'unsubscribed':
      if (await isSuppressed(deps.db, subscriber.email)) return 'nothing_sent';
      await sendQuietly(deps, await confirmationEmail(deps, subscriber));
      return 'confirmation_sent';
    case 'active':
      await sendQuietly(deps, await alreadySubscribedEmail(deps, subscriber));
      return 'note_sent';
    default:
      return 'nothing_sent';
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
