/**
 * The Cloudflare Workers composition root: the only place that reads the environment on
 * Workers. Everything is built once per isolate (`isolate(env)`) and reused by every request,
 * tick and queue message it serves. `fetch` serves the same app as Node (D1 instead of SQLite);
 * `scheduled` (Cron Trigger) runs the scheduler tick, which enqueues one message per batch;
 * `queue` sends one batch per message through Resend. Node-only parts (better-sqlite3,
 * node-cron, the outbox) are not imported.
 */
import { drizzle } from 'drizzle-orm/d1';
import { createApp, type App } from './app.js';
import { parseEnv, toAppConfig } from './config/config.js';
import * as schema from './db/schema.js';
import type { Db } from './db/types.js';
import { consoleLogger, systemClock, type CoreDeps, type Dispatcher } from './deps.js';
import type { PrepareTldrs, SendContext } from './delivery/batch.js';
import { consumeMessage, enqueueEdition, type BatchMessage, type QueueProducer } from './delivery/queue.js';
import { tick } from './delivery/scheduler.js';
import { tldrStep } from './delivery/tldr-step.js';
import { createPacer, pacedMailer } from './mail/pacer.js';
import { ResendMailer } from './mail/resend.js';
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
  passThroughOnException?(): void;
}
interface QueueMessage {
  body: BatchMessage;
  attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

interface Isolate {
  env: WorkerEnv;
  deps: CoreDeps;
  app: App;
  dispatcher: Dispatcher;
  prepareTldrs: PrepareTldrs;
}

/** Reads the environment and builds the deps, the dispatcher and the app: once per isolate. */
function build(env: WorkerEnv): Isolate {
  const vars = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const parsed = parseEnv(vars);
  if (!parsed.ADMIN_TOKEN || !parsed.TOKEN_SECRET) {
    throw new Error('ADMIN_TOKEN and TOKEN_SECRET must be set on Workers: wrangler secret put ADMIN_TOKEN / TOKEN_SECRET');
  }
  if (!parsed.RESEND_API_KEY) throw new Error('RESEND_API_KEY must be set on Workers (there is no local outbox): wrangler secret put RESEND_API_KEY');
  const config = toAppConfig(parsed, { adminToken: parsed.ADMIN_TOKEN, tokenSecret: parsed.TOKEN_SECRET });
  // One Claude client writes the TL;DRs and the translations.
  const claude = parsed.ANTHROPIC_API_KEY
    ? new AnthropicSummarizer({ apiKey: parsed.ANTHROPIC_API_KEY, baseURL: parsed.ANTHROPIC_BASE_URL, model: config.tldrModel })
    : null;
  const deps: CoreDeps = {
    db: drizzle(env.DB as never, { schema }) as unknown as Db,
    config,
    clock: systemClock,
    log: consoleLogger,
    mailer: pacedMailer(new ResendMailer({ apiKey: parsed.RESEND_API_KEY, baseUrl: parsed.RESEND_BASE_URL }), createPacer(config.sendRate)),
    summarizer: claude,
    translator: claude,
  };
  const prepareTldrs = tldrStep(deps);
  const dispatcher: Dispatcher = {
    async dispatch(editionId, options) {
      await enqueueEdition(deps, env.SEND_QUEUE, editionId, prepareTldrs, { all: !options?.resume });
    },
  };
  return { env, deps, app: createApp({ ...deps, dispatcher }), dispatcher, prepareTldrs };
}

let current: Isolate | undefined;
/** The isolate's parts, built on first use (bindings are the same object for an isolate's life). */
function isolate(env: WorkerEnv): Isolate {
  if (current?.env !== env) current = build(env);
  return current;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    return isolate(env).app.fetch(request, env, ctx as never);
  },

  async scheduled(_event: unknown, env: WorkerEnv, ctx: ExecutionContext) {
    const { deps, dispatcher } = isolate(env);
    // A new database gets the default personas at the first tick, as `npm start` does on Node.
    ctx.waitUntil(ensureDefaultPersonas(deps.db, deps.clock.now().toISOString()).then(() => tick(deps, dispatcher)));
  },

  async queue(batch: { messages: readonly QueueMessage[] }, env: WorkerEnv) {
    const { deps, prepareTldrs } = isolate(env);
    const contexts = new Map<number, SendContext>();
    for (const message of batch.messages) {
      try {
        const verdict = await consumeMessage(deps, message.body, message.attempts, prepareTldrs, contexts);
        if (verdict.ack) message.ack();
        else message.retry({ delaySeconds: verdict.delaySeconds });
      } catch (err) {
        deps.log.error(`batch ${message.body.batch} of edition ${message.body.editionId} failed`, err);
        message.retry({ delaySeconds: 30 });
      }
    }
  },
};
