CREATE TABLE `transactional_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status` text NOT NULL,
	`category` text,
	`subscriber_id` text,
	`email_hash` text NOT NULL,
	`via_link` integer DEFAULT false NOT NULL,
	`message` text,
	`call_key` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_attempt_at` text,
	`last_attempt_at` text,
	`provider_id` text,
	`error` text,
	`created_at` text NOT NULL,
	`done_at` text
);
--> statement-breakpoint
CREATE INDEX `transactional_messages_status` ON `transactional_messages` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `transactional_messages_call` ON `transactional_messages` (`call_key`);--> statement-breakpoint
CREATE INDEX `transactional_messages_address` ON `transactional_messages` (`email_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `transactional_messages_subscriber` ON `transactional_messages` (`subscriber_id`);--> statement-breakpoint
CREATE INDEX `transactional_messages_done` ON `transactional_messages` (`done_at`);