ALTER TABLE `editions` ADD `reading_time` integer;--> statement-breakpoint
-- The sample edition (#0058, still a draft) shows the reading time its front matter now sets.
UPDATE `editions` SET `reading_time` = 9 WHERE `slug` = '58-amazon-just-bet-25-billion-on-anthropic-heres-what-actually' AND `status` = 'draft' AND `reading_time` IS NULL;
