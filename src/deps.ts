import type { AppConfig } from './config/config.js';
import type { Db } from './db/types.js';
import type { Mailer } from './delivery/mailer.js';
import type { Dispatcher } from './delivery/send.js';
import type { Summarizer } from './tldr/summarizer.js';

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

/** Everything the app needs, built by a composition root (src/node.ts, src/worker.ts). */
export interface AppDeps {
  db: Db;
  config: AppConfig;
  mailer: Mailer;
  /** null when no Anthropic key is configured: the editor's TL;DR is used for everyone. */
  summarizer: Summarizer | null;
  clock: Clock;
  log: Logger;
  /** Runs sends where the runtime decides (Node: in-process; Workers: a Queue). */
  dispatcher: Dispatcher;
}
