/**
 * The Node composition root: the only place that reads the environment on Node. It opens the
 * SQLite file, builds the mailer, summarizer and clock, mounts the app, starts the scheduler and
 * the drainer of the transactional queue.
 */
import { serve } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import cron from 'node-cron';
import { createApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { DEFAULT_POSTAL_ADDRESS, parseEnv, toAppConfig, type Env } from './config/config.js';
import { openSqlite } from './db/sqlite.js';
import { consoleLogger, systemClock, type CoreDeps } from './deps.js';
import { createEngine } from './delivery/index.js';
import { tick } from './delivery/scheduler.js';
import { readSeedMarkdown } from './editions/seed.js';
import { OutboxMailer } from './mail/outbox.js';
import { createPacer, pacedMailer } from './mail/pacer.js';
import type { Mailer } from './mail/port.js';
import { ResendMailer } from './mail/resend.js';
import { FixedWindowLimiter, SIGN_IN_RATE, SUBSCRIBE_RATE } from './reader/rate-limit.js';
import { loadOrCreateSecrets, maskSecret } from './secrets.js';
import { AnthropicSummarizer } from './tldr/anthropic-summarizer.js';
import { createDrainer } from './transactional/drainer.js';
import { purgeTransactional } from './transactional/store.js';

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_MS = 8000;

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
  const provider: Mailer = env.RESEND_API_KEY
    ? new ResendMailer({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL })
    : new OutboxMailer(outboxDir);
  // One Claude client writes the TL;DRs and the translations.
  const claude = env.ANTHROPIC_API_KEY
    ? new AnthropicSummarizer({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, model: config.tldrModel })
    : null;
  const core: CoreDeps = {
    db: sqlite.db,
    config,
    clock,
    log,
    // One pacer for everything this process sends: batches, confirmations and test copies.
    mailer: pacedMailer(provider, createPacer(config.sendRate)),
    summarizer: claude,
    translator: claude,
  };
  const engine = createEngine(core);
  // Confirmations, notes and test copies: kicked when one is queued and on every tick.
  const drainer = createDrainer(core);
  // One process: its memory is the one place every request is counted.
  const subscribeLimiter = new FixedWindowLimiter({ ...SUBSCRIBE_RATE, clock });
  const signInLimiter = new FixedWindowLimiter({ ...SIGN_IN_RATE, clock });
  const app = createApp({ ...core, dispatcher: engine, drainer, subscribeLimiter, signInLimiter });

  // The scheduler: starts due editions, resumes interrupted sends, sends what the transactional
  // queue still holds (after a crash, or a provider outage) and purges its old rows; ticks never overlap.
  let ticking = false;
  const runTick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      void drainer.kick();
      await purgeTransactional(core.db, clock.now());
      await tick(core, engine);
    } catch (err) {
      log.error('scheduler tick failed', err);
    } finally {
      ticking = false;
    }
  };
  if (!cron.validate(config.sendCron)) throw new Error(`Invalid configuration:\n  SEND_CRON: not a cron expression: "${config.sendCron}"`);
  const task = cron.schedule(config.sendCron, runTick, { timezone: 'UTC', noOverlap: true, name: 'send-scheduler' });
  void runTick(); // resume at start: a send interrupted by a crash goes on at once
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    log.info(`Primera Plana is running at ${config.baseUrl} (listening on ${env.HOST ?? 'every interface'}, port ${info.port})`);
    log.info(`Database: ${dbPath}${fresh ? ' (new: default personas and the sample edition created)' : ''}`);
    // The full token is printed once, when it is generated; after that logs only show which one it is.
    if (secrets.adminTokenSource === 'generated') {
      log.info(`Admin token (generated, printed this once; kept in ${secrets.file}): ${config.adminToken}`);
    } else {
      log.info(`Admin token: ${maskSecret(config.adminToken)} (${secrets.adminTokenSource === 'environment' ? 'from ADMIN_TOKEN' : `kept in ${secrets.file}`})`);
    }
    log.info(env.RESEND_API_KEY ? 'Mail: Resend' : `Mail: local outbox at ${outboxDir} (set RESEND_API_KEY to send for real)`);
    log.info(env.ANTHROPIC_API_KEY ? `TL;DRs: Claude (${config.tldrModel})` : "TL;DRs: the editor's own (set ANTHROPIC_API_KEY for Claude)");
    if (env.RESEND_API_KEY && !env.MAIL_FROM) {
      log.warn(`Warning: MAIL_FROM is not set; Resend refuses the default sender (${config.mailFrom}). Set it to an address on your verified domain.`);
    }
    if (config.postalAddress === DEFAULT_POSTAL_ADDRESS) {
      log.warn('Warning: POSTAL_ADDRESS is not set; the footer shows a placeholder. Set it before sending (CAN-SPAM).');
    }
  });

  // Graceful shutdown: no new batch or transactional call is started, the provider calls in flight
  // finish and are recorded, leases are released, the WAL is checkpointed and the file closed.
  // Bounded in time.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing the provider calls in flight, then stopping`);
    setTimeout(() => {
      log.error(`${signal}: shutdown took longer than ${SHUTDOWN_MS / 1000} s; exiting now (the next start resumes the send)`);
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    void task.stop();
    server.close();
    await Promise.all([engine.stop(), drainer.stop()]);
    while (ticking) await new Promise((r) => setTimeout(r, 20));
    sqlite.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

try {
  await main(parseEnv(process.env));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
