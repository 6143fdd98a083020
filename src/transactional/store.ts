/**
 * Data operations of the transactional queue: what the drainer reads, attempt notes, retention,
 * and erasure. Status changes go through lifecycle.ts.
 */
import { and, asc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Statement } from '../db/atomic.js';
import { transactionalMessages as tm } from '../db/transactional-schema.js';
import type { Db } from '../db/types.js';
import type { OutgoingEmail } from '../mail/port.js';

/** Final rows (their email already dropped) are kept this long, then purged. */
export const RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * The JSON kept for a message: exactly the fields a provider call sends, in a fixed order, so the
 * email read back for a retry is the one the first try sent (the compiled-variant `parts` of an
 * edition email are left out: `html` and `text` are the same content, joined).
 */
export function storedEmail(email: OutgoingEmail): string {
  const { from, to, subject, html, text, headers, replyTo, tags } = email;
  return JSON.stringify({ from, to, subject, html, text, headers, ...(replyTo ? { replyTo } : {}), ...(tags?.length ? { tags } : {}) });
}

/** A reader's request waiting to be rendered. */
export interface ReaderRequest {
  id: number;
  subscriberId: string | null;
  emailHash: string;
  viaLink: boolean;
}

/** The oldest requests still to be rendered. */
export async function requestedMessages(db: Db, limit: number): Promise<ReaderRequest[]> {
  return db
    .select({ id: tm.id, subscriberId: tm.subscriberId, emailHash: tm.emailHash, viaLink: tm.viaLink })
    .from(tm)
    .where(eq(tm.status, 'requested'))
    .orderBy(asc(tm.id))
    .limit(limit);
}

/** Whether any message is queued and waits for a call. */
export async function hasQueued(db: Db): Promise<boolean> {
  return !!(await db.select({ id: tm.id }).from(tm).where(eq(tm.status, 'queued')).limit(1).get());
}

/** The oldest call still `submitting` (built, maybe sent, answer not recorded), if any. */
export async function openCall(db: Db): Promise<string | undefined> {
  const row = await db
    .select({ key: tm.callKey })
    .from(tm)
    .where(and(eq(tm.status, 'submitting'), isNotNull(tm.callKey)))
    .orderBy(asc(tm.id))
    .limit(1)
    .get();
  return row?.key ?? undefined;
}

/** One message of a built call. */
export interface CallMember {
  id: number;
  email: OutgoingEmail;
  firstAttemptAt: string | null;
}

/** A call's messages in their fixed order: the same emails, the same bytes, on every try. */
export async function callMembers(db: Db, key: string): Promise<CallMember[]> {
  const rows = await db
    .select({ id: tm.id, message: tm.message, firstAttemptAt: tm.firstAttemptAt })
    .from(tm)
    .where(and(eq(tm.callKey, key), eq(tm.status, 'submitting')))
    .orderBy(asc(tm.id));
  return rows.map((r) => ({ id: r.id, email: JSON.parse(r.message ?? '{}') as OutgoingEmail, firstAttemptAt: r.firstAttemptAt }));
}

/** Notes one more provider attempt on a call; the first one's time decides whether its key is still fresh. */
export async function noteCallAttempt(db: Db, key: string, now: Date): Promise<void> {
  const iso = now.toISOString();
  await db
    .update(tm)
    .set({ attempts: sql`${tm.attempts} + 1`, firstAttemptAt: sql`coalesce(${tm.firstAttemptAt}, ${iso})`, lastAttemptAt: iso })
    .where(eq(tm.callKey, key));
}

/** Notes why a call is waiting to be tried again. */
export async function setCallError(db: Db, key: string, reason: string): Promise<void> {
  await db.update(tm).set({ error: reason }).where(eq(tm.callKey, key));
}

/** Deletes the rows that reached a final status more than `RETENTION_MS` ago. Returns how many. */
export async function purgeTransactional(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - RETENTION_MS).toISOString();
  const gone = await db.delete(tm).where(and(isNotNull(tm.doneAt), lt(tm.doneAt, before))).returning({ id: tm.id });
  return gone.length;
}

/**
 * The statement that removes a subscriber's transactional rows (by their id, and by their address
 * for test copies sent to it), for erasure. A call in flight keeps its members until it is
 * answered, so its retry stays byte-identical; its final status drops the email.
 */
export function eraseTransactionalRows(db: Db, subscriberId: string, emailHash: string): Statement {
  // Raw, like the rest of the erasure: on better-sqlite3 it runs as it is built, inside the transaction.
  return db.run(sql`DELETE FROM transactional_messages
    WHERE (subscriber_id = ${subscriberId} OR email_hash = ${emailHash}) AND status <> 'submitting'`) as never;
}
