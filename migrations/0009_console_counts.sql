CREATE TABLE `subscriber_counts` (
	`status` text NOT NULL,
	`persona` text NOT NULL,
	`language` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`status`, `persona`, `language`)
);
--> statement-breakpoint
DROP INDEX `subscribers_persona`;--> statement-breakpoint
CREATE INDEX `subscribers_persona_id` ON `subscribers` (`persona`,`id`);--> statement-breakpoint
CREATE INDEX `subscribers_language_id` ON `subscribers` (`language`,`id`);--> statement-breakpoint
-- The counts follow every write to subscribers, whichever code makes it (API, import, reader links, webhooks).
CREATE TRIGGER `subscriber_counts_insert` AFTER INSERT ON `subscribers` BEGIN
  INSERT INTO `subscriber_counts` (`status`, `persona`, `language`, `n`) VALUES (NEW.`status`, NEW.`persona`, NEW.`language`, 1)
    ON CONFLICT (`status`, `persona`, `language`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `subscriber_counts_delete` AFTER DELETE ON `subscribers` BEGIN
  UPDATE `subscriber_counts` SET `n` = `n` - 1
    WHERE `status` = OLD.`status` AND `persona` = OLD.`persona` AND `language` = OLD.`language`;
END;--> statement-breakpoint
CREATE TRIGGER `subscriber_counts_update` AFTER UPDATE OF `status`, `persona`, `language` ON `subscribers`
  WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`persona` IS NOT NEW.`persona` OR OLD.`language` IS NOT NEW.`language`
BEGIN
  UPDATE `subscriber_counts` SET `n` = `n` - 1
    WHERE `status` = OLD.`status` AND `persona` = OLD.`persona` AND `language` = OLD.`language`;
  INSERT INTO `subscriber_counts` (`status`, `persona`, `language`, `n`) VALUES (NEW.`status`, NEW.`persona`, NEW.`language`, 1)
    ON CONFLICT (`status`, `persona`, `language`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
-- The subscribers already there.
INSERT INTO `subscriber_counts` (`status`, `persona`, `language`, `n`)
  SELECT `status`, `persona`, `language`, count(*) FROM `subscribers` GROUP BY `status`, `persona`, `language`;
