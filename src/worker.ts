/**
 * The Cloudflare Workers composition root: the only place that reads the environment on
 * Workers. Everything is built once per isolate (`isolate(env)`) and reused by every request,
 * tick and queue message it serves. `fetch` serves the same app as Node (D1 instead of SQLite);
 * `scheduled` (Cron Trigger) runs the scheduler tick, which enqueues one message per batch, and
 * drains the transactional queue; `queue` sends one batch per batch message through Resend, and
 * drains the transactional queue for a wake message (sent whenever a confirmation, note or test
 * copy is queued). Node-only parts (better-sqlite3, node-cron, the outbox) are not imported.
 */
import { drizzle } from 'drizzle-orm/d1';
import { randomUUID } from 'node:crypto';
import { createApp, type App } from './app.js';
import { parseEnv, toAppConfig } from './config/config.js';
import * as schema from './db/schema.js';
import type { Db } from './db/types.js';
import { consoleLogger, systemClock, type CoreDeps, type Dispatcher, type Drainer } from './deps.js';
import type { PrepareTldrs, SendContext } from './delivery/batch.js';
import { consumeMessage, enqueueEdition, type BatchMessage, type QueueProducer } from './delivery/queue.js';
import { tick } from './delivery/scheduler.js';
import { tldrStep } from './delivery/tldr-step.js';
import { createPacer, pacedMailer } from './mail/pacer.js';
import { ResendMailer } from './mail/resend.js';
import { ensureDefaultPersonas } from './personas/store.js';
import { AnthropicSummarizer } from './tldr/anthropic-summarizer.js';
import { drainTransactional, type Sleep } from './transactional/drain.js';
import { purgeTransactional } from './transactional/store.js';
import { CALLS_PER_INVOCATION, consumeDrainMessage, DRAIN_MESSAGE, isDrainMessage, type DrainMessage } from './transactional/wake.js';

/** The bindings and variables wrangler.toml declares (secrets via `wrangler secret put`). */
export interface WorkerEnv {
  DB: unknown;
  /** Batch messages (one per edition batch) and drain messages (the transactional queue). */
  SEND_QUEUE: QueueProducer & { sendBatch(messages: Iterable<{ body: BatchMessage | DrainMessage }>): Promise<unknown> };
  [variable: string]: unknown;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}
interface QueueMessage {
  body: BatchMessage | DrainMessage;
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
  /** Names one drain pass of this isolate, for the transactional queue's lease. */
  passHolder(): string;
}

const sleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reads the environment and builds the deps, the dispatcher and the app: once per isolate. */
function build(env: WorkerEnv): Isolate {
  const vars = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const parsed = parseEnv(vars);
  if (!parsed.ADMIN_TOKEN || !parsed.TOKEN_SECRET) {
    throw new Error('ADMIN_TOKEN and TOKEN_SECRET must be set on Workers: wrangler secret put ADMIN_TOKEN / TOKEN_SECRET');
  }
  if (!parsed.RESEND_API_KEY) throw new Error('RESEND_API_KEY must be set on Workers (there is no local outbox): wrangler secret put RESEND_API_KEY');
  const config = {
    ...toAppConfig(parsed, { adminToken: parsed.ADMIN_TOKEN, tokenSecret: parsed.TOKEN_SECRET }),
    // Cloudflare sets CF-Connecting-IP to the client's address (replacing one a client sends): on
    // Workers that header is the client unless TRUSTED_PROXY names another.
    trustedProxy: parsed.TRUSTED_PROXY ?? 'cf-connecting-ip',
  };
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
  // A reader's confirmation (or a test copy) is in D1 before its request answers; this message
  // gets it sent within a second or two, and the Cron Trigger drains whatever a message missed.
  const drainer: Drainer = {
    async kick() {
      await env.SEND_QUEUE.sendBatch([{ body: DRAIN_MESSAGE }]);
    },
  };
  const isolateId = randomUUID().slice(0, 8);
  const passHolder = () => `worker-${isolateId}-${randomUUID().slice(0, 8)}`;
  return { env, deps, app: createApp({ ...deps, dispatcher, drainer }), dispatcher, prepareTldrs, passHolder };
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
    const { deps, dispatcher, passHolder } = isolate(env);
    const drain = async () => {
      await purgeTransactional(deps.db, deps.clock.now());
      const result = await drainTransactional(deps, { holder: passHolder(), sleep, maxCalls: CALLS_PER_INVOCATION });
      if (result === 'more') await env.SEND_QUEUE.sendBatch([{ body: DRAIN_MESSAGE }]);
    };
    // A new database gets the default personas at the first tick, as `npm start` does on Node.
    ctx.waitUntil(
      ensureDefaultPersonas(deps.db, deps.clock.now().toISOString()).then(() =>
        Promise.all([tick(deps, dispatcher), drain().catch((err) => deps.log.error('transactional queue: drain failed', err))]),
      ),
    );
  },

  async queue(batch: { messages: readonly QueueMessage[] }, env: WorkerEnv) {
    const { deps, prepareTldrs, passHolder } = isolate(env);
    const contexts = new Map<number, SendContext>();
    for (const message of batch.messages) {
      const body = message.body;
      if (isDrainMessage(body)) {
        try {
          const verdict = await consumeDrainMessage(deps, passHolder(), message.attempts, sleep);
          if (!verdict.ack) message.retry({ delaySeconds: verdict.delaySeconds });
          else {
            if (verdict.again) await env.SEND_QUEUE.sendBatch([{ body: DRAIN_MESSAGE }]);
            message.ack();
          }
        } catch (err) {
          deps.log.error('transactional queue: drain failed', err);
          message.retry({ delaySeconds: 30 });
        }
        continue;
      }
      try {
        const verdict = await consumeMessage(deps, body, message.attempts, prepareTldrs, contexts);
        if (verdict.ack) message.ack();
        else message.retry({ delaySeconds: verdict.delaySeconds });
      } catch (err) {
        deps.log.error(`batch ${body.batch} of edition ${body.editionId} failed`, err);
        message.retry({ delaySeconds: 30 });
      }
    }
  },
};
