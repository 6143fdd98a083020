CREATE TABLE `live_tallies` (
	`edition_id` integer NOT NULL,
	`persona` text NOT NULL,
	`language` text NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`delivered` integer DEFAULT 0 NOT NULL,
	`opened` integer DEFAULT 0 NOT NULL,
	`clicked` integer DEFAULT 0 NOT NULL,
	`bounced` integer DEFAULT 0 NOT NULL,
	`complained` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`edition_id`, `persona`, `language`),
	FOREIGN KEY (`edition_id`) REFERENCES `editions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `edition_links` ADD `live_clicks` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- The live tallies follow every write to deliveries, whichever code makes it (the send, webhooks, folding).
-- A queued row counts for nothing yet, so the snapshot of a send writes no tally.
CREATE TRIGGER `live_tallies_insert` AFTER INSERT ON `deliveries`
  WHEN NEW.`status` = 'submitted' OR NEW.`delivered_at` IS NOT NULL OR NEW.`opened_at` IS NOT NULL OR NEW.`clicked_at` IS NOT NULL OR NEW.`bounced_at` IS NOT NULL OR NEW.`complained_at` IS NOT NULL
BEGIN
  INSERT INTO `live_tallies` (`edition_id`, `persona`, `language`, `sent`, `delivered`, `opened`, `clicked`, `bounced`, `complained`)
    VALUES (NEW.`edition_id`, NEW.`persona`, NEW.`language`, NEW.`status` = 'submitted', NEW.`delivered_at` IS NOT NULL, NEW.`opened_at` IS NOT NULL, NEW.`clicked_at` IS NOT NULL, NEW.`bounced_at` IS NOT NULL, NEW.`complained_at` IS NOT NULL)
    ON CONFLICT (`edition_id`, `persona`, `language`) DO UPDATE SET `sent` = `sent` + excluded.`sent`, `delivered` = `delivered` + excluded.`delivered`, `opened` = `opened` + excluded.`opened`, `clicked` = `clicked` + excluded.`clicked`, `bounced` = `bounced` + excluded.`bounced`, `complained` = `complained` + excluded.`complained`;
END;--> statement-breakpoint
CREATE TRIGGER `live_tallies_delete` AFTER DELETE ON `deliveries`
  WHEN OLD.`status` = 'submitted' OR OLD.`delivered_at` IS NOT NULL OR OLD.`opened_at` IS NOT NULL OR OLD.`clicked_at` IS NOT NULL OR OLD.`bounced_at` IS NOT NULL OR OLD.`complained_at` IS NOT NULL
BEGIN
  UPDATE `live_tallies` SET `sent` = `sent` - (OLD.`status` = 'submitted'), `delivered` = `delivered` - (OLD.`delivered_at` IS NOT NULL), `opened` = `opened` - (OLD.`opened_at` IS NOT NULL), `clicked` = `clicked` - (OLD.`clicked_at` IS NOT NULL), `bounced` = `bounced` - (OLD.`bounced_at` IS NOT NULL), `complained` = `complained` - (OLD.`complained_at` IS NOT NULL)
    WHERE `edition_id` = OLD.`edition_id` AND `persona` = OLD.`persona` AND `language` = OLD.`language`;
END;--> statement-breakpoint
CREATE TRIGGER `live_tallies_update` AFTER UPDATE OF `edition_id`, `persona`, `language`, `status`, `delivered_at`, `opened_at`, `clicked_at`, `bounced_at`, `complained_at` ON `deliveries`
  WHEN (OLD.`status` = 'submitted') IS NOT (NEW.`status` = 'submitted') OR (OLD.`delivered_at` IS NOT NULL) IS NOT (NEW.`delivered_at` IS NOT NULL) OR (OLD.`opened_at` IS NOT NULL) IS NOT (NEW.`opened_at` IS NOT NULL) OR (OLD.`clicked_at` IS NOT NULL) IS NOT (NEW.`clicked_at` IS NOT NULL) OR (OLD.`bounced_at` IS NOT NULL) IS NOT (NEW.`bounced_at` IS NOT NULL) OR (OLD.`complained_at` IS NOT NULL) IS NOT (NEW.`complained_at` IS NOT NULL) OR OLD.`edition_id` IS NOT NEW.`edition_id` OR OLD.`persona` IS NOT NEW.`persona` OR OLD.`language` IS NOT NEW.`language`
BEGIN
  UPDATE `live_tallies` SET `sent` = `sent` - (OLD.`status` = 'submitted'), `delivered` = `delivered` - (OLD.`delivered_at` IS NOT NULL), `opened` = `opened` - (OLD.`opened_at` IS NOT NULL), `clicked` = `clicked` - (OLD.`clicked_at` IS NOT NULL), `bounced` = `bounced` - (OLD.`bounced_at` IS NOT NULL), `complained` = `complained` - (OLD.`complained_at` IS NOT NULL)
    WHERE `edition_id` = OLD.`edition_id` AND `persona` = OLD.`persona` AND `language` = OLD.`language`;
  INSERT INTO `live_tallies` (`edition_id`, `persona`, `language`, `sent`, `delivered`, `opened`, `clicked`, `bounced`, `complained`)
    VALUES (NEW.`edition_id`, NEW.`persona`, NEW.`language`, NEW.`status` = 'submitted', NEW.`delivered_at` IS NOT NULL, NEW.`opened_at` IS NOT NULL, NEW.`clicked_at` IS NOT NULL, NEW.`bounced_at` IS NOT NULL, NEW.`complained_at` IS NOT NULL)
    ON CONFLICT (`edition_id`, `persona`, `language`) DO UPDATE SET `sent` = `sent` + excluded.`sent`, `delivered` = `delivered` + excluded.`delivered`, `opened` = `opened` + excluded.`opened`, `clicked` = `clicked` + excluded.`clicked`, `bounced` = `bounced` + excluded.`bounced`, `complained` = `complained` + excluded.`complained`;
END;--> statement-breakpoint
CREATE TRIGGER `live_clicks_insert` AFTER INSERT ON `delivery_clicks` BEGIN
  UPDATE `edition_links` SET `live_clicks` = `live_clicks` + 1 WHERE `id` = NEW.`link_id`;
END;--> statement-breakpoint
CREATE TRIGGER `live_clicks_delete` AFTER DELETE ON `delivery_clicks` BEGIN
  UPDATE `edition_links` SET `live_clicks` = `live_clicks` - 1 WHERE `id` = OLD.`link_id`;
END;--> statement-breakpoint
-- The deliveries and clicks already there.
INSERT INTO `live_tallies` (`edition_id`, `persona`, `language`, `sent`, `delivered`, `opened`, `clicked`, `bounced`, `complained`)
  SELECT `edition_id`, `persona`, `language`, count(*) FILTER (WHERE `status` = 'submitted'), count(`delivered_at`), count(`opened_at`), count(`clicked_at`), count(`bounced_at`), count(`complained_at`)
  FROM `deliveries` GROUP BY `edition_id`, `persona`, `language`
  HAVING count(*) FILTER (WHERE `status` = 'submitted' OR `delivered_at` IS NOT NULL OR `opened_at` IS NOT NULL OR `clicked_at` IS NOT NULL OR `bounced_at` IS NOT NULL OR `complained_at` IS NOT NULL) > 0;--> statement-breakpoint
UPDATE `edition_links` SET `live_clicks` = (SELECT count(*) FROM `delivery_clicks` c WHERE c.`link_id` = `edition_links`.`id`);
