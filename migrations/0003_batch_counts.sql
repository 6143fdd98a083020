ALTER TABLE `batches` ADD `size` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `sent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `failed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `skipped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `uncertain` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `batches` SET
  `size` = (SELECT count(*) FROM `deliveries` d WHERE d.`edition_id` = `batches`.`edition_id` AND d.`batch_number` = `batches`.`number`),
  `sent` = (SELECT count(*) FROM `deliveries` d WHERE d.`edition_id` = `batches`.`edition_id` AND d.`batch_number` = `batches`.`number` AND d.`status` = 'sent'),
  `failed` = (SELECT count(*) FROM `deliveries` d WHERE d.`edition_id` = `batches`.`edition_id` AND d.`batch_number` = `batches`.`number` AND d.`status` = 'failed'),
  `skipped` = (SELECT count(*) FROM `deliveries` d WHERE d.`edition_id` = `batches`.`edition_id` AND d.`batch_number` = `batches`.`number` AND d.`status` = 'skipped'),
  `uncertain` = (SELECT count(*) FROM `deliveries` d WHERE d.`edition_id` = `batches`.`edition_id` AND d.`batch_number` = `batches`.`number` AND d.`status` = 'uncertain');
