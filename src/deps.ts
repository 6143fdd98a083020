/**
 * What the app is built from. The composition roots (src/node.ts, src/worker.ts) build these
 * once per process (or Worker isolate) and hand them to `createApp` and the delivery engine.
 */
import type { AppConfig } from './config/config.js';
import type { Db } from './db/types.js';
import type { PacedMailer } from './mail/port.js';
import type { Summarizer } from './tldr/summarizer.js';
import type { Translator } from './translation/translator.js';

/** Wall-clock time, injected so tests and planning can fix it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Logger {
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
}
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
export const consoleLogger: Logger = {
  info: (m, e) => console.log(m, ...(e === undefined ? [] : [e])),
  warn: (m, e) => console.warn(m, ...(e === undefined ? [] : [e])),
  error: (m, e) => console.error(m, ...(e === undefined ? [] : [e])),
};

/** The parts every module may use: storage, configuration, the mail port, Claude (TL;DRs, translations), time, logs. */
export interface CoreDeps {
  db: Db;
  config: AppConfig;
  /** Every provider call of this runtime goes through it, paced. */
  mailer: PacedMailer;
  /** null when no Anthropic key is configured: the editor's TL;DR is used for everyone. */
  summarizer: Summarizer | null;
  /** null when no Anthropic key is configured: readers get the original article. */
  translator: Translator | null;
  clock: Clock;
  log: Logger;
}

/**
 * Runs sends where the runtime decides: Node in this process, Workers through the Queue. The
 * promise is the background work; HTTP handlers hand it to the runtime instead of awaiting it.
 */
export interface Dispatcher {
  /** `resume`: a scheduler tick found the edition still sending (its work may already be queued). */
  dispatch(editionId: number, options?: { resume?: boolean }): Promise<void>;
}

/**
 * Wakes what sends the transactional queue (confirmations, notes, test copies): Node's drainer in
 * this process, a Queue message on Workers. Resolves once it has been woken, never after a send,
 * so a request that queued a message answers at once.
 */
export interface Drainer {
  kick(): Promise<void>;
}

/** What a rate limiter says about one request: go on, or come back in `retryAfterSeconds`. */
export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * Counts requests per key (a client address) and says whether one may proceed. Node keeps the
 * counts in the process; Workers in a Durable Object per key, so every isolate sees the same count.
 */
export interface RateLimiter {
  /** Counts one request for `key`. */
  hit(key: string): Promise<RateDecision>;
}

/** Everything the HTTP app needs. */
export interface AppDeps extends CoreDeps {
  dispatcher: Dispatcher;
  drainer: Drainer;
  /** The public forms' limit per client address (subscribe, resubscribe). */
  subscribeLimiter: RateLimiter;
  /** The console's sign-in attempts per client address. */
  signInLimiter: RateLimiter;
}
