/**
 * The Node composition root: the only place that reads the environment on Node. It opens the
 * SQLite file, builds the mailer, summarizer and clock, mounts the app and starts the scheduler.
 */
import { serve } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { DEFAULT_POSTAL_ADDRESS, parseEnv, toAppConfig, type Env } from './config/config.js';
import { openSqlite } from './db/sqlite.js';
import { consoleLogger, systemClock, type AppDeps } from './deps.js';
import cron from 'node-cron';
import { attachEngine } from './delivery/index.js';
import type { Mailer } from './delivery/mailer.js';
import { OutboxMailer } from './delivery/outbox-mailer.js';
import { createPacer, pacedMailer } from './delivery/pacer.js';
import { ResendMailer } from './delivery/resend-mailer.js';
import { tick } from './delivery/scheduler.js';
import { readSeedMarkdown } from './editions/seed.js';
import { loadOrCreateSecrets } from './secrets.js';
import { AnthropicSummarizer } from './tldr/anthropic-summarizer.js';

export async function main(env: Env) {
  const log = consoleLogger;
  const dbPath = resolve(env.DATABASE_PATH ?? './data/newsletter.db');
  const dataDir = dirname(dbPath);
  mkdirSync(dataDir, { recursive: true });
  const secrets = loadOrCreateSecrets(dataDir, { adminToken: env.ADMIN_TOKEN, tokenSecret: env.TOKEN_SECRET });
  const config = toAppConfig(env, secrets);
  const sqlite = openSqlite(dbPath);
  const clock = systemClock;
  const { fresh } = await bootstrap(sqlite.db, readSeedMarkdown(), clock.now());

  const outboxDir = join(dataDir, 'outbox');
  // One pacer for everything this process sends: batches, confirmations and test copies.
  const pacer = createPacer(config.sendRate);
  const provider: Mailer = env.RESEND_API_KEY
    ? new ResendMailer({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL })
    : new OutboxMailer(outboxDir);
  const mailer = pacedMailer(provider, pacer);
  const deps: AppDeps = {
    db: sqlite.db,
    config,
    clock,
    log,
    mailer,
    summarizer: env.ANTHROPIC_API_KEY
      ? new AnthropicSummarizer({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, model: config.tldrModel })
      : null,
    dispatcher: { dispatch() {} },
  };
  const runner = attachEngine(deps, { pacer });
  const app = createApp(deps);

  // The scheduler: starts due editions and resumes interrupted sends; ticks never overlap.
  let ticking = false;
  const runTick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      await tick(deps, runner);
    } catch (err) {
      log.error('scheduler tick failed', err);
    } finally {
      ticking = false;
    }
  };
  if (!cron.validate(config.sendCron)) throw new Error(`Invalid configuration:\n  SEND_CRON: not a cron expression: "${config.sendCron}"`);
  const task = cron.schedule(config.sendCron, runTick, { timezone: 'UTC', noOverlap: true, name: 'send-scheduler' });
  void runTick(); // resume at start: a send interrupted by a crash goes on at once
  const server = serve({ fetch: app.fetch, port: env.PORT }, (info) => {
    log.info(`Primera Plana is running at ${config.baseUrl} (port ${info.port})`);
    log.info(`Database: ${dbPath}${fresh ? ' (new: default personas and the sample edition created)' : ''}`);
    log.info(`Admin token: ${config.adminToken}${env.ADMIN_TOKEN ? ' (from ADMIN_TOKEN)' : ` (kept in ${join(dataDir, 'secrets.json')})`}`);
    log.info(env.RESEND_API_KEY ? 'Mail: Resend' : `Mail: local outbox at ${outboxDir} (set RESEND_API_KEY to send for real)`);
    log.info(env.ANTHROPIC_API_KEY ? `TL;DRs: Claude (${config.tldrModel})` : "TL;DRs: the editor's own (set ANTHROPIC_API_KEY for Claude)");
    if (env.RESEND_API_KEY && !env.MAIL_FROM) {
      log.warn(`Warning: MAIL_FROM is not set; Resend refuses the default sender (${config.mailFrom}). Set it to an address on your verified domain.`);
    }
    if (config.postalAddress === DEFAULT_POSTAL_ADDRESS) {
      log.warn('Warning: POSTAL_ADDRESS is not set; the footer shows a placeholder. Set it before sending (CAN-SPAM).');
    }
  });

  const shutdown = () => {
    void task.stop();
    server.close();
    sqlite.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

try {
  await main(parseEnv(process.env));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
