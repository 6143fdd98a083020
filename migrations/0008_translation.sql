CREATE TABLE `edition_translations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`edition_id` integer NOT NULL,
	`language` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`dek` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`flagged` integer DEFAULT false NOT NULL,
	`flag_reason` text,
	`model` text,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cache_write_tokens` integer DEFAULT 0 NOT NULL,
	`cache_read_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`edition_id`) REFERENCES `editions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edition_translations_key` ON `edition_translations` (`edition_id`,`language`);--> statement-breakpoint
ALTER TABLE `editions` ADD `translate` integer DEFAULT false NOT NULL;