/**
 * The Cloudflare Workers composition root: the only place that reads the environment on
 * Workers. `fetch` serves the same app as Node (D1 instead of SQLite); `scheduled` (Cron
 * Trigger) runs the scheduler tick, which enqueues one message per batch; `queue` sends one
 * batch per message through Resend, paced for the whole team by `max_concurrency = 1` and a
 * per-message wait. Node-only parts (better-sqlite3, node-cron, the outbox) are not imported.
 */
import { drizzle } from 'drizzle-orm/d1';
import { createApp } from './app.js';
import { parseEnv, toAppConfig } from './config/config.js';
import * as schema from './db/schema.js';
import type { Db } from './db/types.js';
import { consoleLogger, systemClock, type AppDeps } from './deps.js';
import { tldrStep } from './delivery/tldr-step.js';
import type { SendContext } from './delivery/batch.js';
import { createPacer } from './delivery/pacer.js';
import { consumeMessage, enqueueEdition, type BatchMessage, type QueueProducer } from './delivery/queue.js';
import { ResendMailer } from './delivery/resend-mailer.js';
import { tick } from './delivery/scheduler.js';
import type { Dispatcher } from './delivery/send.js';
import { ensureDefaultPersonas } from './personas/store.js';
import { AnthropicSummarizer } from './tldr/anthropic-summarizer.js';

/** The bindings and variables wrangler.toml declares (secrets via `wrangler secret put`). */
export interface WorkerEnv {
  DB: unknown;
  SEND_QUEUE: QueueProducer;
  [variable: string]: unknown;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}
interface QueueMessage {
  body: BatchMessage;
  attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

function build(env: WorkerEnv, ctx: ExecutionContext) {
  const vars = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const parsed = parseEnv(vars);
  if (!parsed.ADMIN_TOKEN || !parsed.TOKEN_SECRET) {
    throw new Error('ADMIN_TOKEN and TOKEN_SECRET must be set on Workers: wrangler secret put ADMIN_TOKEN / TOKEN_SECRET');
  }
  if (!parsed.RESEND_API_KEY) throw new Error('RESEND_API_KEY must be set on Workers (there is no local outbox): wrangler secret put RESEND_API_KEY');
  const config = toAppConfig(parsed, { adminToken: parsed.ADMIN_TOKEN, tokenSecret: parsed.TOKEN_SECRET });
  const deps: AppDeps = {
    db: drizzle(env.DB as never, { schema }) as unknown as Db,
    config,
    clock: systemClock,
    log: consoleLogger,
    mailer: new ResendMailer({ apiKey: parsed.RESEND_API_KEY, baseUrl: parsed.RESEND_BASE_URL }),
    summarizer: parsed.ANTHROPIC_API_KEY
      ? new AnthropicSummarizer({ apiKey: parsed.ANTHROPIC_API_KEY, baseURL: parsed.ANTHROPIC_BASE_URL, model: config.tldrModel })
      : null,
    dispatcher: { dispatch() {} },
  };
  const prepareTldrs = tldrStep(deps);
  const dispatcher: Dispatcher = {
    dispatch(editionId, options) {
      ctx.waitUntil(
        enqueueEdition(deps, env.SEND_QUEUE, editionId, prepareTldrs, { all: !options?.resume }).catch((err) =>
          deps.log.error(`could not enqueue edition ${editionId}`, err),
        ),
      );
    },
  };
  deps.dispatcher = dispatcher;
  return { deps, prepareTldrs, dispatcher };
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    return createApp(build(env, ctx).deps).fetch(request);
  },

  async scheduled(_event: unknown, env: WorkerEnv, ctx: ExecutionContext) {
    const { deps, dispatcher } = build(env, ctx);
    // A new database gets the default personas at the first tick, as `npm start` does on Node.
    ctx.waitUntil(ensureDefaultPersonas(deps.db, deps.clock.now().toISOString()).then(() => tick(deps, dispatcher)));
  },

  async queue(batch: { messages: readonly QueueMessage[] }, env: WorkerEnv, ctx: ExecutionContext) {
    const { deps, prepareTldrs } = build(env, ctx);
    const pacer = createPacer(deps.config.sendRate);
    // One consumer at a time (max_concurrency = 1): a gap before the first call keeps the
    // rate across invocations too.
    pacer.holdFor(1000 / deps.config.sendRate);
    const contexts = new Map<number, SendContext>();
    for (const message of batch.messages) {
      try {
        const verdict = await consumeMessage(deps, message.body, message.attempts, pacer, prepareTldrs, contexts);
        if (verdict.ack) message.ack();
        else message.retry({ delaySeconds: verdict.delaySeconds });
      } catch (err) {
        deps.log.error(`batch ${message.body.batch} of edition ${message.body.editionId} failed`, err);
        message.retry({ delaySeconds: 30 });
      }
    }
  },
};
