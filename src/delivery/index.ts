/** Builds the delivery engine for an in-process runtime (Node and the tests). */
import { randomUUID } from 'node:crypto';
import type { CoreDeps } from '../deps.js';
import type { PrepareTldrs } from './batch.js';
import { realSleep, type EngineDeps, type Sleep } from './engine.js';
import { createRunner, type NodeRunner } from './runner.js';
import { tldrStep } from './tldr-step.js';

export interface EngineOptions {
  sleep?: Sleep;
  holder?: string;
  concurrency?: number;
  prepareTldrs?: PrepareTldrs;
  random?: () => number;
}

/** The runner that sends editions in this process: the app's dispatcher on Node. */
export function createEngine(deps: CoreDeps, options: EngineOptions = {}): NodeRunner {
  const engine: EngineDeps = {
    ...deps,
    sleep: options.sleep ?? realSleep,
    holder: options.holder ?? `node-${process.pid}-${randomUUID().slice(0, 8)}`,
    concurrency: options.concurrency ?? deps.config.sendConcurrency,
    prepareTldrs: options.prepareTldrs ?? tldrStep(deps),
    random: options.random,
  };
  return createRunner(engine, deps.log);
}
