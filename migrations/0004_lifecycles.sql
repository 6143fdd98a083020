ALTER TABLE `batches` RENAME COLUMN "sent" TO "submitted";--> statement-breakpoint
ALTER TABLE `tldr_variants` ADD `pending_job` text;--> statement-breakpoint
-- One word, one meaning: a delivery the provider accepted is `submitted`, like its batch.
UPDATE `deliveries` SET `status` = 'submitted' WHERE `status` = 'sent';--> statement-breakpoint
-- Claude Message Batches jobs get their own column instead of a marker in flag_reason.
UPDATE `tldr_variants` SET `pending_job` = substr(`flag_reason`, 36), `flag_reason` = NULL WHERE `flag_reason` LIKE 'Waiting for Claude''s message batch %';
