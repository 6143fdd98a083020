/** Subscriber data operations. */
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { createSelectSchema } from 'drizzle-zod';
import type { z } from 'zod';
import { atomically } from '../db/atomic.js';
import { subscribers, suppressions, type Subscriber, type SubscriberStatus } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { AppError, conflict, invalid, notFound } from '../http/errors.js';
import { defaultPersona, getPersona } from '../personas/store.js';
import { eraseTransactionalRows } from '../transactional/store.js';
import { emailHash } from './email.js';
import { newSubscriberId } from './ids.js';

/** A subscriber as the admin API answers it: the row, without the version that signs their links. */
export const subscriberViewSchema = createSelectSchema(subscribers).omit({ tokenVersion: true }).meta({ id: 'Subscriber' });
export type SubscriberView = z.output<typeof subscriberViewSchema>;

export function toSubscriberView(s: Subscriber): SubscriberView {
  const { tokenVersion: _omit, ...view } = s;
  return view;
}

export async function getSubscriber(db: Db, id: string): Promise<Subscriber | undefined> {
  return db.select().from(subscribers).where(eq(subscribers.id, id)).get();
}

export async function requireSubscriber(db: Db, id: string): Promise<Subscriber> {
  const s = await getSubscriber(db, id);
  if (!s) throw notFound('subscriber');
  return s;
}

export async function findByEmail(db: Db, email: string): Promise<Subscriber | undefined> {
  return db.select().from(subscribers).where(eq(subscribers.email, email)).get();
}

export async function isSuppressed(db: Db, email: string): Promise<boolean> {
  return !!(await db.select().from(suppressions).where(eq(suppressions.emailHash, emailHash(email))).get());
}

/** Resolves a persona slug (or the default when absent); unknown slugs are a validation error. */
export async function resolvePersona(db: Db, slug: string | undefined, field = 'persona'): Promise<string> {
  if (slug === undefined) return (await defaultPersona(db)).slug;
  if (!(await getPersona(db, slug))) throw invalid(field, `unknown persona "${slug}"`);
  return slug;
}

export interface NewSubscriber {
  email: string;
  name?: string | null;
  persona?: string;
  language?: string;
  status?: SubscriberStatus;
  source?: string;
}

export async function createSubscriber(db: Db, input: NewSubscriber, now: Date): Promise<Subscriber> {
  const persona = await resolvePersona(db, input.persona);
  if (await findByEmail(db, input.email)) throw conflict('a subscriber with this email already exists');
  if (await isSuppressed(db, input.email)) {
    throw conflict('this address is suppressed (it bounced or complained) and cannot be added again');
  }
  const iso = now.toISOString();
  const status = input.status ?? 'active';
  const row = {
    id: newSubscriberId(now.getTime()),
    email: input.email,
    name: input.name ?? null,
    persona,
    language: input.language ?? 'en',
    status,
    source: input.source ?? 'api',
    createdAt: iso,
    updatedAt: iso,
    confirmedAt: status === 'active' ? iso : null,
  };
  await db.insert(subscribers).values(row);
  return requireSubscriber(db, row.id);
}

export interface SubscriberPatch {
  email?: string;
  name?: string | null;
  persona?: string;
  language?: string;
  status?: SubscriberStatus;
}

export async function updateSubscriber(db: Db, id: string, patch: SubscriberPatch, now: Date): Promise<Subscriber> {
  const current = await requireSubscriber(db, id);
  const iso = now.toISOString();
  const set: Partial<Subscriber> = { updatedAt: iso };
  if (patch.persona !== undefined) set.persona = await resolvePersona(db, patch.persona);
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.email !== undefined && patch.email !== current.email) {
    if (await findByEmail(db, patch.email)) throw conflict('a subscriber with this email already exists');
    if (await isSuppressed(db, patch.email)) throw conflict('this address is suppressed and cannot be used');
    set.email = patch.email;
    set.tokenVersion = current.tokenVersion + 1;
  }
  if (patch.status !== undefined && patch.status !== current.status) {
    if (patch.status === 'active' && (await isSuppressed(db, set.email ?? current.email))) {
      throw conflict('this address is suppressed (it bounced or complained) and cannot be reactivated');
    }
    set.status = patch.status;
    if (patch.status === 'active') set.confirmedAt = current.confirmedAt ?? iso;
    if (patch.status === 'unsubscribed') set.unsubscribedAt = iso;
  }
  await db.update(subscribers).set(set).where(eq(subscribers.id, id));
  return requireSubscriber(db, id);
}

/**
 * Erases a subscriber: the row goes, and what the send left of them becomes nobody's. Their
 * deliveries keep their counts (status, feedback, clicks) but lose the frozen address and name,
 * the provider id (Resend's key to the address) and the address in a provider's error message;
 * the subscriber id there and in their unsubscribes becomes `erased:<delivery id>`, so an edition
 * still counts each unsubscribe once and folds it with its delivery, while nothing links their
 * editions to each other. Tallies of folded editions hold no one. Their confirmations, notes and
 * test copies leave the transactional queue. A suppressed address stays suppressed (by hash).
 */
export async function eraseSubscriber(db: Db, id: string): Promise<void> {
  const subscriber = await requireSubscriber(db, id);
  // Raw statements throughout: on better-sqlite3 they run as they are built, in this order
  // (the unsubscribes read the deliveries' subscriber ids before they change).
  await atomically(db, () => [
    db.run(sql`UPDATE unsubscribes SET subscriber_id = coalesce(
        (SELECT 'erased:' || d.id FROM deliveries d WHERE d.edition_id = unsubscribes.edition_id AND d.subscriber_id = ${id}),
        'erased:u' || unsubscribes.id)
      WHERE subscriber_id = ${id}`) as never,
    db.run(sql`UPDATE deliveries SET email = 'erased@invalid', name = NULL, provider_id = NULL,
        subscriber_id = 'erased:' || id, error = replace(error, email, '[erased]')
      WHERE subscriber_id = ${id}`) as never,
    eraseTransactionalRows(db, id, emailHash(subscriber.email)),
    db.run(sql`DELETE FROM subscribers WHERE id = ${id}`) as never,
  ]);
}

export interface ListQuery {
  status?: SubscriberStatus;
  persona?: string;
  language?: string;
  email?: string;
  cursor?: string;
  limit: number;
}

/** Keyset pagination in id order (ids are time-ordered); `nextCursor` is the last id, or null. */
export async function listSubscribers(db: Db, q: ListQuery): Promise<{ data: Subscriber[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (q.status) where.push(eq(subscribers.status, q.status));
  if (q.persona) where.push(eq(subscribers.persona, q.persona));
  if (q.language) where.push(eq(subscribers.language, q.language));
  if (q.email) where.push(eq(subscribers.email, q.email));
  if (q.cursor) where.push(gt(subscribers.id, q.cursor));
  const rows = await db
    .select()
    .from(subscribers)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(subscribers.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const data = more ? rows.slice(0, q.limit) : rows;
  return { data, nextCursor: more ? data[data.length - 1].id : null };
}

export function assertCursor(cursor: string | undefined): void {
  if (cursor !== undefined && !/^sub_[0-9a-z]{9}[0-9a-f]{20}$/.test(cursor)) throw new AppError('validation_error', 'cursor: malformed', { field: 'cursor' });
}
