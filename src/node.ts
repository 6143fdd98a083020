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
import { OutboxMailer } from './delivery/outbox-mailer.js';
import { readSeedMarkdown } from './editions/seed.js';
import { loadOrCreateSecrets } from './secrets.js';

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
  const deps: AppDeps = {
    db: sqlite.db,
    config,
    clock,
    log,
    mailer: new OutboxMailer(outboxDir),
    summarizer: null,
  };
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: env.PORT }, (info) => {
    log.info(`Primera Plana is running at ${config.baseUrl} (port ${info.port})`);
    log.info(`Database: ${dbPath}${fresh ? ' (new: default personas and the sample edition created)' : ''}`);
    log.info(`Admin token: ${config.adminToken}${env.ADMIN_TOKEN ? ' (from ADMIN_TOKEN)' : ` (kept in ${join(dataDir, 'secrets.json')})`}`);
    log.info(env.RESEND_API_KEY ? 'Mail: Resend' : `Mail: local outbox at ${outboxDir} (set RESEND_API_KEY to send for real)`);
    log.info(env.ANTHROPIC_API_KEY ? `TL;DRs: Claude (${config.tldrModel})` : "TL;DRs: the editor's own (set ANTHROPIC_API_KEY for Claude)");
    if (config.postalAddress === DEFAULT_POSTAL_ADDRESS) {
      log.warn('Warning: POSTAL_ADDRESS is not set; the footer shows a placeholder. Set it before sending (CAN-SPAM).');
    }
  });

  const shutdown = () => {
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
