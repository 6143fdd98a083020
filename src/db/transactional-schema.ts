/**
 * The transactional queue's table (drizzle.config.ts reads it beside schema.ts): confirmations,
 * "already subscribed" notes and test copies on their way to the provider. See src/transactional/.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A transactional message: requested (a reader's, not yet rendered) → queued → submitting → final. */
export const TRANSACTIONAL_STATUSES = ['requested', 'queued', 'submitting', 'submitted', 'failed', 'skipped', 'uncertain'] as const;
export type TransactionalStatus = (typeof TRANSACTIONAL_STATUSES)[number];

/** What a transactional message is: a confirmation, an "already subscribed" note, or a test copy. */
export const TRANSACTIONAL_CATEGORIES = ['confirm', 'note', 'test'] as const;
export type TransactionalCategory = (typeof TRANSACTIONAL_CATEGORIES)[number];

/**
 * The transactional queue: confirmations, "already subscribed" notes and test copies, sent by the
 * drainer (src/transactional/) on the pacer's transactional lane, up to 100 per provider call. A
 * reader's request is stored `requested` and rendered by the drainer; a rendered message keeps the
 * exact email until its call is answered, so a retry is byte-identical. Up to 100 `queued` messages
 * become one call (`call_key`, the idempotency key) as they turn `submitting`. The status is
 * written only by src/transactional/lifecycle.ts; final rows lose their email and are purged after
 * a few days.
 */
export const transactionalMessages = sqliteTable(
  'transactional_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    status: text('status', { enum: TRANSACTIONAL_STATUSES }).notNull(),
    /** Null until a reader's request is rendered (then confirm or note); test copies are queued as `test`. */
    category: text('category', { enum: TRANSACTIONAL_CATEGORIES }),
    /** The reader a confirmation or note is for (null for test copies). */
    subscriberId: text('subscriber_id'),
    /** SHA-256 of the recipient's address: the per-address limits count by it. */
    emailHash: text('email_hash').notNull(),
    /**
     * Asked from a signed reader link (the resubscribe button), so by someone who reads mail sent
     * to the address: the 10-minute gap of the per-address limits is waived, the daily cap is not.
     */
    viaLink: integer('via_link', { mode: 'boolean' }).notNull().default(false),
    /** The email as JSON (from, to, subject, html, text, headers, replyTo, tags); null before rendering and once final. */
    message: text('message'),
    /** The idempotency key of the provider call that carries it, fixed when the call is built. */
    callKey: text('call_key'),
    attempts: integer('attempts').notNull().default(0),
    firstAttemptAt: text('first_attempt_at'),
    lastAttemptAt: text('last_attempt_at'),
    providerId: text('provider_id'),
    error: text('error'),
    createdAt: text('created_at').notNull(),
    /** When it reached a final status (submitted, failed, skipped, uncertain); purged a few days later. */
    doneAt: text('done_at'),
  },
  (t) => [
    index('transactional_messages_status').on(t.status, t.id),
    index('transactional_messages_call').on(t.callKey),
    index('transactional_messages_address').on(t.emailHash, t.createdAt),
    index('transactional_messages_subscriber').on(t.subscriberId),
    index('transactional_messages_done').on(t.doneAt),
  ],
);

export type TransactionalMessage = typeof transactionalMessages.$inferSelect;
