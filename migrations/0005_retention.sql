CREATE TABLE `delivery_clicks` (
	`delivery_id` integer NOT NULL,
	`link_id` integer NOT NULL,
	PRIMARY KEY(`delivery_id`, `link_id`),
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `edition_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`edition_id` integer NOT NULL,
	`url` text NOT NULL,
	FOREIGN KEY (`edition_id`) REFERENCES `editions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edition_links_url` ON `edition_links` (`edition_id`,`url`);--> statement-breakpoint
CREATE TABLE `edition_tallies` (
	`edition_id` integer NOT NULL,
	`persona` text NOT NULL,
	`language` text NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`delivered` integer DEFAULT 0 NOT NULL,
	`opened` integer DEFAULT 0 NOT NULL,
	`clicked` integer DEFAULT 0 NOT NULL,
	`bounced` integer DEFAULT 0 NOT NULL,
	`complained` integer DEFAULT 0 NOT NULL,
	`unsubscribed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`edition_id`, `persona`, `language`),
	FOREIGN KEY (`edition_id`) REFERENCES `editions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `link_tallies` (
	`link_id` integer NOT NULL,
	`persona` text NOT NULL,
	`language` text NOT NULL,
	`clicked` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`link_id`, `persona`, `language`),
	FOREIGN KEY (`link_id`) REFERENCES `edition_links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `webhook_receipts` (
	`svix_id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `unsubscribes_edition`;--> statement-breakpoint
CREATE INDEX `unsubscribes_edition_subscriber` ON `unsubscribes` (`edition_id`,`subscriber_id`);--> statement-breakpoint
ALTER TABLE `batches` ADD `folded_at` text;--> statement-breakpoint
CREATE INDEX `batches_unfolded` ON `batches` (`edition_id`,`number`) WHERE folded_at IS NULL;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `feedback` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `feedback_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `delivered_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `opened_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `clicked_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `bounced_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `complained_at` integer;--> statement-breakpoint
-- Data: each delivery keeps what the stats use of its events (the first time of each kind they
-- count, and the latest state); the raw events and their payloads go. Per-link clicks start with
-- this version: the stored links carry readers' tokens, which SQL cannot strip reliably.
UPDATE `deliveries` SET `feedback` = f.kind, `feedback_at` = f.t, `delivered_at` = f.delivered, `opened_at` = f.opened,
    `clicked_at` = f.clicked, `bounced_at` = f.bounced, `complained_at` = f.complained
FROM (
  SELECT delivery_id, substr(type, 7) AS kind, t,
    min(CASE WHEN type = 'email.delivered' THEN t END) OVER w AS delivered,
    min(CASE WHEN type = 'email.opened' THEN t END) OVER w AS opened,
    min(CASE WHEN type = 'email.clicked' THEN t END) OVER w AS clicked,
    min(CASE WHEN type = 'email.bounced' AND coalesce(json_extract(payload, '$.data.bounce.type'), '') <> 'Transient' THEN t END) OVER w AS bounced,
    min(CASE WHEN type = 'email.complained' THEN t END) OVER w AS complained,
    row_number() OVER (PARTITION BY delivery_id ORDER BY t DESC, id DESC) AS rn
  FROM (
    SELECT id, delivery_id, type, payload,
      coalesce(CAST(strftime('%s', occurred_at) AS INTEGER), CAST(strftime('%s', created_at) AS INTEGER)) AS t
    FROM `events` WHERE delivery_id IS NOT NULL
  )
  WINDOW w AS (PARTITION BY delivery_id)
) AS f
WHERE f.rn = 1 AND `deliveries`.`id` = f.delivery_id;--> statement-breakpoint
-- Svix may still redeliver the last days' events: their ids stay known.
INSERT INTO `webhook_receipts` (`svix_id`, `received_at`)
  SELECT `svix_id`, CAST(strftime('%s', `created_at`) AS INTEGER) FROM `events`
  WHERE `created_at` >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 days');--> statement-breakpoint
DROP TABLE `events`;
