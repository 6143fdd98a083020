/**
 * The whole data model, designed once for every part of the product.
 * Timestamps are ISO-8601 UTC strings (sortable, readable in SQLite and D1 alike), except the
 * feedback times on deliveries: Unix seconds, 4 bytes instead of 24 on a row there is one of per
 * reader per edition. The tables of provider feedback and of the tallies are in
 * feedback-schema.ts, the transactional queue's in transactional-schema.ts. See CONTEXT.md for the vocabulary, and README "Data retention" for what is
 * kept how long.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Illustration, NextArticle } from '../../emails/components/types.js';

export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export const EDITION_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled', 'failed'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

export const BATCH_STATUSES = ['pending', 'submitting', 'submitted', 'failed', 'uncertain'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const DELIVERY_STATUSES = ['queued', 'submitted', 'failed', 'skipped', 'uncertain'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const TLDR_SOURCES = ['claude', 'editor', 'fallback'] as const;
export type TldrSource = (typeof TLDR_SOURCES)[number];

/** Who wrote a translation; `fallback`: no usable one (readers of that language get the original). */
export const TRANSLATION_SOURCES = ['claude', 'editor', 'fallback'] as const;
export type TranslationSource = (typeof TRANSLATION_SOURCES)[number];

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** Who a reader is: the picture of that reader given to Claude when it writes their TL;DR. */
export const personas = sqliteTable('personas', {
  slug: text('slug').primaryKey(),
  label: text('label').notNull(),
  description: text('description').notNull(),
  isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
  position: integer('position').notNull().default(0),
  createdAt: text('created_at').notNull().default(now),
  updatedAt: text('updated_at').notNull().default(now),
});

/** One row per address. `tokenVersion` signs every reader link; bumping it revokes them all. */
export const subscribers = sqliteTable(
  'subscribers',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name'),
    persona: text('persona').notNull(),
    language: text('language').notNull().default('en'),
    status: text('status', { enum: SUBSCRIBER_STATUSES }).notNull().default('pending'),
    source: text('source').notNull().default('api'),
    tokenVersion: integer('token_version').notNull().default(1),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
    confirmedAt: text('confirmed_at'),
    unsubscribedAt: text('unsubscribed_at'),
  },
  (t) => [
    uniqueIndex('subscribers_email_unique').on(t.email),
    index('subscribers_status_id').on(t.status, t.id),
    // With the id: a filtered list pages in id order straight from the index (a million rows).
    index('subscribers_persona_id').on(t.persona, t.id),
    index('subscribers_language_id').on(t.language, t.id),
  ],
);

/**
 * How many subscribers there are per status × persona × language, kept by triggers on
 * `subscribers` (see the migration `console_counts`): whichever code writes a subscriber, the
 * counts follow in the same statement, and reading them costs a few rows, not a million.
 */
export const subscriberCounts = sqliteTable(
  'subscriber_counts',
  {
    status: text('status', { enum: SUBSCRIBER_STATUSES }).notNull(),
    persona: text('persona').notNull(),
    language: text('language').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.status, t.persona, t.language] })],
);

/**
 * Addresses that must never be mailed again (permanent bounce, complaint, provider suppression).
 * Keyed by the SHA-256 of the normalised address so it survives erasure of the subscriber.
 */
export const suppressions = sqliteTable('suppressions', {
  emailHash: text('email_hash').primaryKey(),
  reason: text('reason').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

// The edition's structured front matter, as the email templates define it.
export type { Illustration, NextArticle } from '../../emails/components/types.js';

/** An issue of the newsletter, written in Markdown with front matter. */
export const editions = sqliteTable(
  'editions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: integer('number').notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    dek: text('dek').notNull().default(''),
    section: text('section').notNull().default(''),
    author: text('author').notNull().default(''),
    date: text('date').notNull(),
    language: text('language').notNull().default('en'),
    illustration: text('illustration', { mode: 'json' }).$type<Illustration | null>(),
    next: text('next', { mode: 'json' }).$type<NextArticle | null>(),
    tldr: text('tldr').notNull().default(''),
    body: text('body').notNull(),
    /** The editor's reading time in minutes (front matter `readingTime`); null → computed from the body. */
    readingTime: integer('reading_time'),
    /**
     * The editor asked for the whole edition in each reader's language (front matter `translate`):
     * the send writes the missing translations first, and readers get them (src/translation/).
     */
    translate: integer('translate', { mode: 'boolean' }).notNull().default(false),
    /** Written only by the edition lifecycle (src/editions/lifecycle.ts). */
    status: text('status', { enum: EDITION_STATUSES }).notNull().default('draft'),
    statusReason: text('status_reason'),
    scheduledAt: text('scheduled_at'),
    /** Set when the audience snapshot is taken; with the batch number it forms the idempotency key. */
    sendId: text('send_id'),
    sendStartedAt: text('send_started_at'),
    sentAt: text('sent_at'),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('editions_slug_unique').on(t.slug), index('editions_status').on(t.status)],
);

/** One TL;DR per (edition, persona, language): a variant. */
export const tldrVariants = sqliteTable(
  'tldr_variants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    editionId: integer('edition_id')
      .notNull()
      .references(() => editions.id, { onDelete: 'cascade' }),
    persona: text('persona').notNull(),
    language: text('language').notNull(),
    text: text('text').notNull(),
    why: text('why'),
    source: text('source', { enum: TLDR_SOURCES }).notNull(),
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    flagReason: text('flag_reason'),
    /** TLDR_MODE=batch: the id of the Claude Message Batches job this variant waits for. */
    pendingJob: text('pending_job'),
    model: text('model'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    cacheReadTokens: integer('cache_read_tokens').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
    durationMs: integer('duration_ms').notNull().default(0),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('tldr_variants_key').on(t.editionId, t.persona, t.language)],
);

/**
 * The edition's title, dek and body in one more language: one row per (edition, language).
 * Written once (by Claude, or the editor, who always wins) and frozen once the send starts, so a
 * retried batch stays byte-identical. A `fallback` row means "no usable translation": readers of
 * that language get the original; when `flagged`, the texts hold Claude's refused answer for the
 * editor to review.
 */
export const editionTranslations = sqliteTable(
  'edition_translations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    editionId: integer('edition_id')
      .notNull()
      .references(() => editions.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
    title: text('title').notNull().default(''),
    dek: text('dek').notNull().default(''),
    /** Markdown, with the original's structure. */
    body: text('body').notNull().default(''),
    source: text('source', { enum: TRANSLATION_SOURCES }).notNull(),
    flagged: integer('flagged', { mode: 'boolean' }).notNull().default(false),
    flagReason: text('flag_reason'),
    model: text('model'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    cacheReadTokens: integer('cache_read_tokens').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
    durationMs: integer('duration_ms').notNull().default(0),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('edition_translations_key').on(t.editionId, t.language)],
);

/**
 * The audience snapshot: one row per edition × subscriber, recipient data frozen when the send
 * starts. `seq` orders the snapshot; batch number = floor(seq / 100). The provider's feedback is
 * kept on the row itself (its latest state and the first time of each kind the stats count), not
 * as one row per event. After the retention window the rows are folded into `edition_tallies`
 * and deleted (src/retention/).
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    editionId: integer('edition_id')
      .notNull()
      .references(() => editions.id, { onDelete: 'cascade' }),
    subscriberId: text('subscriber_id').notNull(),
    seq: integer('seq').notNull(),
    batchNumber: integer('batch_number').notNull(),
    email: text('email').notNull(),
    name: text('name'),
    persona: text('persona').notNull(),
    language: text('language').notNull(),
    tokenVersion: integer('token_version').notNull(),
    /** Written only by the batch lifecycle (src/delivery/batch-lifecycle.ts). */
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('queued'),
    providerId: text('provider_id'),
    error: text('error'),
    sentAt: text('sent_at'),
    /**
     * The provider's latest word on this email (Resend's `last_event` vocabulary: delivered,
     * opened, clicked, bounced, complained, delivery_delayed, failed, suppressed…) and when it
     * happened: an event older than the one recorded does not replace it. Written by webhooks,
     * separate from the send `status`.
     */
    feedback: text('feedback'),
    feedbackAt: integer('feedback_at', { mode: 'timestamp' }),
    /** The first time of each kind of feedback the stats count (a replayed event changes nothing). */
    deliveredAt: integer('delivered_at', { mode: 'timestamp' }),
    openedAt: integer('opened_at', { mode: 'timestamp' }),
    clickedAt: integer('clicked_at', { mode: 'timestamp' }),
    /** Hard bounces only: a transient bounce is a delay. */
    bouncedAt: integer('bounced_at', { mode: 'timestamp' }),
    complainedAt: integer('complained_at', { mode: 'timestamp' }),
  },
  (t) => [
    uniqueIndex('deliveries_edition_subscriber').on(t.editionId, t.subscriberId),
    index('deliveries_edition_batch').on(t.editionId, t.batchNumber),
    // No index on provider_id: ids are random, so it would cost a random page write per email
    // sent; webhooks find their delivery by its tag (src/webhooks/events.ts).
  ],
);

/**
 * A provider call carrying up to 100 emails. pending → submitting → submitted | failed | uncertain;
 * the status (and its deliveries') is written only by src/delivery/batch-lifecycle.ts.
 */
export const batches = sqliteTable(
  'batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    editionId: integer('edition_id')
      .notNull()
      .references(() => editions.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    status: text('status', { enum: BATCH_STATUSES }).notNull().default('pending'),
    idempotencyKey: text('idempotency_key').notNull(),
    attempts: integer('attempts').notNull().default(0),
    firstAttemptAt: text('first_attempt_at'),
    lastAttemptAt: text('last_attempt_at'),
    /** Workers: when a queue message for this batch was last sent (to re-enqueue only stale ones). */
    enqueuedAt: text('enqueued_at'),
    error: text('error'),
    /**
     * How many of the batch's deliveries there are, and how many are in each final status,
     * kept with every status change: progress sums these per batch instead of counting a
     * million delivery rows (queued = size − the rest).
     */
    size: integer('size').notNull().default(0),
    submitted: integer('submitted').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    uncertain: integer('uncertain').notNull().default(0),
    /** When its deliveries were folded into the edition's tallies (src/retention/); the batch row stays. */
    foldedAt: text('folded_at'),
  },
  (t) => [
    uniqueIndex('batches_edition_number').on(t.editionId, t.number),
    index('batches_status').on(t.editionId, t.status),
    // Only batches still holding delivery rows: the retention step finds its work without
    // walking the years of folded ones.
    index('batches_unfolded').on(t.editionId, t.number).where(sql`folded_at IS NULL`),
  ],
);

/** Unsubscribes attributed to an edition (from its links), for per-persona stats. */
export const unsubscribes = sqliteTable(
  'unsubscribes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriberId: text('subscriber_id').notNull(),
    editionId: integer('edition_id'),
    persona: text('persona').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  // Folding an edition looks up each delivery's unsubscribe by (edition, subscriber).
  (t) => [index('unsubscribes_edition_subscriber').on(t.editionId, t.subscriberId)],
);

/** A lease makes sure one process at a time sends an edition (`edition:<id>`). */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
});

export type Persona = typeof personas.$inferSelect;
export type Subscriber = typeof subscribers.$inferSelect;
export type Edition = typeof editions.$inferSelect;
export type TldrVariant = typeof tldrVariants.$inferSelect;
export type EditionTranslation = typeof editionTranslations.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type Batch = typeof batches.$inferSelect;
