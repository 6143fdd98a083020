/** Wires the delivery engine for an in-process runtime (Node and the tests). */
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.js';
import type { PrepareTldrs } from './batch.js';
import type { EngineDeps } from './engine.js';
import { createPacer, realSleep, type Pacer, type Sleep } from './pacer.js';
import { createRunner, type NodeRunner } from './runner.js';
import { tldrStep } from './tldr-step.js';

export interface EngineOptions {
  sleep?: Sleep;
  holder?: string;
  concurrency?: number;
  prepareTldrs?: PrepareTldrs;
  random?: () => number;
  /** The process's pacer, when the composition root shares it with the mailer (`pacedMailer`). */
  pacer?: Pacer;
}

/** Builds the runner and installs it as the app's dispatcher. */
export function attachEngine(deps: AppDeps, options: EngineOptions = {}): NodeRunner {
  const engine: EngineDeps = {
    ...deps,
    pacer: options.pacer ?? createPacer(deps.config.sendRate),
    sleep: options.sleep ?? realSleep,
    holder: options.holder ?? `node-${process.pid}-${randomUUID().slice(0, 8)}`,
    concurrency: options.concurrency ?? deps.config.sendConcurrency,
    prepareTldrs: options.prepareTldrs ?? tldrStep(deps),
    random: options.random,
  };
  const runner = createRunner(engine, deps.log);
  deps.dispatcher = runner;
  return runner;
}
