/**
 * The tables of provider feedback and what folding leaves of it (the rest of the data model is in
 * schema.ts; drizzle.config.ts reads both). See README "Data retention" for how long each is kept.
 */
import { integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { deliveries, editions } from './schema.js';

/**
 * The `svix-id`s of recent webhooks, so a redelivered event is answered "duplicate" without
 * acting twice. Svix retries for about a day; the retention step prunes receipts after
 * RECEIPT_DAYS. Nothing else of an event is kept: its effect is on the delivery row.
 */
export const webhookReceipts = sqliteTable('webhook_receipts', {
  svixId: text('svix_id').primaryKey(),
  receivedAt: integer('received_at', { mode: 'timestamp' }).notNull(),
});

/**
 * The links of an edition its readers clicked, once per distinct link. Reader-specific parts
 * (signed tokens) are stripped before a link is stored, so every reader's unsubscribe link is the
 * same row and no token is kept (src/webhooks/links.ts).
 */
export const editionLinks = sqliteTable(
  'edition_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    editionId: integer('edition_id')
      .notNull()
      .references(() => editions.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /**
     * Readers whose click on this link sits on a delivery not folded yet: kept by triggers on
     * `delivery_clicks` (migration `live_tallies`), so the stats need not count the clicks.
     */
    liveClicks: integer('live_clicks').notNull().default(0),
  },
  (t) => [uniqueIndex('edition_links_url').on(t.editionId, t.url)],
);

/** Which links a delivery's reader clicked (each once), while the edition is recent. */
export const deliveryClicks = sqliteTable(
  'delivery_clicks',
  {
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    linkId: integer('link_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.linkId] })],
);

/**
 * The columns both tallies of an edition share: its persona × language cell and the deliveries
 * counted there (a function: each table needs builders of its own).
 */
const editionCells = () => ({
  editionId: integer('edition_id')
    .notNull()
    .references(() => editions.id, { onDelete: 'cascade' }),
  persona: text('persona').notNull(),
  language: text('language').notNull(),
  sent: integer('sent').notNull().default(0),
  delivered: integer('delivered').notNull().default(0),
  opened: integer('opened').notNull().default(0),
  clicked: integer('clicked').notNull().default(0),
  bounced: integer('bounced').notNull().default(0),
  complained: integer('complained').notNull().default(0),
});

/**
 * An edition's numbers per persona × language, folded from its delivery rows after the
 * retention window: what the stats show, kept for good. Stats add the live tallies to it.
 */
export const editionTallies = sqliteTable(
  'edition_tallies',
  {
    ...editionCells(),
    unsubscribed: integer('unsubscribed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.editionId, t.persona, t.language] })],
);

/** Readers who clicked each link, per persona × language, folded like `edition_tallies`. */
export const linkTallies = sqliteTable(
  'link_tallies',
  {
    linkId: integer('link_id')
      .notNull()
      .references(() => editionLinks.id, { onDelete: 'cascade' }),
    persona: text('persona').notNull(),
    language: text('language').notNull(),
    clicked: integer('clicked').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.persona, t.language] })],
);

/**
 * What an edition's delivery rows not folded yet add up to, per persona × language: kept by
 * triggers on `deliveries` in the same statement as every write to them, whichever code makes it
 * (migration `live_tallies`), so the stats of a million-reader send read a few rows instead of
 * counting a million. Folding a batch deletes its rows, which takes them out of here as it adds
 * them to `edition_tallies`. Unsubscribes are counted from their own table.
 */
export const liveTallies = sqliteTable(
  'live_tallies',
  {
    ...editionCells(),
  },
  (t) => [primaryKey({ columns: [t.editionId, t.persona, t.language] })],
);
