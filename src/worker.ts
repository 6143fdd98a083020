/**
 * The Cloudflare Workers composition root: the only place that reads the environment on
 * Workers. Everything is built once per isolate (`isolate(env)`) and reused by every request,
 * tick and queue message it serves. `fetch` serves the same app as Node (D1 instead of SQLite);
 * `scheduled` (Cron Trigger) runs the scheduler tick, which enqueues one message per batch, and
 * drains the transactional queue; `queue` sends one batch per batch message through Resend, and
 * drains the transactional queue for a wake message (sent whenever a confirmation, note or test
 * copy is queued). Node-only parts (better-sqlite3, node-cron, the outbox) are not imported.
 *
 * What must hold across isolates lives in Durable Objects (src/coordination/), exported from this
 * module as wrangler.toml declares them: `SendPacer` paces every provider call of every isolate
 * under SEND_RATE, and `ClientLimit` counts each client address's sign-ups.
 */
import { drizzle } from 'drizzle-orm/d1';
import { randomUUID } from 'node:crypto';
import { createApp, type App } from './app.js';
import { parseEnv, toAppConfig } from './config/config.js';
import * as schema from './db/schema.js';
import type { Db } from './db/types.js';
import { sharedLimiter, type ClientLimitStub } from './coordination/client-limit.js';
import { namespaceBinding } from './coordination/namespace.js';
import { sharedPacer, type SendPacerStub } from './coordination/send-pacer.js';
import { consoleLogger, systemClock, type CoreDeps, type Dispatcher, type Drainer } from './deps.js';
import type { PrepareTldrs, SendContext } from './delivery/batch.js';
import { consumeMessage, enqueueEdition, type BatchMessage, type QueueProducer } from './delivery/queue.js';
import { tick } from './delivery/scheduler.js';
import { tldrStep } from './delivery/tldr-step.js';
import { pacedMailer } from './mail/pacer.js';
import { ResendMailer } from './mail/resend.js';
import { ensureDefaultPersonas } from './personas/store.js';
import { SIGN_IN_RATE, SUBSCRIBE_RATE } from './reader/rate-limit.js';
import { AnthropicSummarizer } from './tldr/anthropic-summarizer.js';
import { drainTransactional, type Sleep } from './transactional/drain.js';
import { purgeTransactional } from './transactional/store.js';
import { CALLS_PER_INVOCATION, consumeDrainMessage, DRAIN_MESSAGE, isDrainMessage, type DrainMessage } from './transactional/wake.js';

export { ClientLimit } from './coordination/client-limit.js';
export { SendPacer } from './coordination/send-pacer.js';

/** The bindings and variables wrangler.toml declares (secrets via `wrangler secret put`, or .dev.vars locally). */
export interface WorkerEnv {
  DB: unknown;
  /** Batch messages (one per edition batch) and drain messages (the transactional queue). */
  SEND_QUEUE: QueueProducer & { sendBatch(messages: Iterable<{ body: BatchMessage | DrainMessage }>): Promise<unknown> };
  /** The `SendPacer` Durable Object class. */
  SEND_PACER: unknown;
  /** The `ClientLimit` Durable Object class. */
  CLIENT_LIMIT: unknown;
  [variable: string]: unknown;
}

/** The secrets a Worker cannot run without (there is no data folder to keep generated ones, no local outbox). */
const REQUIRED_SECRETS = ['ADMIN_TOKEN', 'TOKEN_SECRET', 'RESEND_API_KEY'] as const;

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
  const missing = REQUIRED_SECRETS.filter((name) => !parsed[name]);
  if (!parsed.ADMIN_TOKEN || !parsed.TOKEN_SECRET || !parsed.RESEND_API_KEY) {
    throw new Error(
      `${missing.join(', ')} must be set on Workers (there is no data folder and no local outbox): ` +
        'put them in .dev.vars for `wrangler dev` (see .dev.vars.example), or `wrangler secret put <NAME>` for a deployment',
    );
  }
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
    // Every isolate takes its slots from the one SendPacer: the provider's rate is per team.
    mailer: pacedMailer(
      new ResendMailer({ apiKey: parsed.RESEND_API_KEY, baseUrl: parsed.RESEND_BASE_URL }),
      sharedPacer(namespaceBinding<SendPacerStub>(env, 'SEND_PACER'), config.sendRate),
    ),
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
  // Each client address's sign-ups are counted by its own ClientLimit, whichever isolate serves them.
  // The console's sign-in attempts likewise, in objects of their own ("sign-in:<address>").
  const limits = namespaceBinding<ClientLimitStub>(env, 'CLIENT_LIMIT');
  const subscribeLimiter = sharedLimiter(limits, SUBSCRIBE_RATE);
  const signInLimiter = sharedLimiter(limits, SIGN_IN_RATE, 'sign-in');
  const app = createApp({ ...deps, dispatcher, drainer, subscribeLimiter, signInLimiter });
  return { env, deps, app, dispatcher, prepareTldrs, passHolder };
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
