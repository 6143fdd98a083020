/** Wires the delivery engine for an in-process runtime (Node and the tests). */
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.js';
import type { PrepareTldrs } from './batch.js';
import type { EngineDeps } from './engine.js';
import { createPacer, realSleep, type Sleep } from './pacer.js';
import { createRunner, type NodeRunner } from './runner.js';
import { tldrStep } from './tldr-step.js';

export interface EngineOptions {
  sleep?: Sleep;
  holder?: string;
  concurrency?: number;
  prepareTldrs?: PrepareTldrs;
  random?: () => number;
}

/** Builds the runner and installs it as the app's dispatcher. */
export function attachEngine(deps: AppDeps, options: EngineOptions = {}): NodeRunner {
  const engine: EngineDeps = {
    ...deps,
    pacer: createPacer(deps.config.sendRate),
    sleep: options.sleep ?? realSleep,
    holder: options.holder ?? `node-${process.pid}-${randomUUID().slice(0, 8)}`,
    // Enough batches in flight to fill the rate even with a slow provider (≈ 1 s per call).
    concurrency: options.concurrency ?? Math.min(16, Math.max(1, Math.ceil(deps.config.sendRate))),
    prepareTldrs: options.prepareTldrs ?? tldrStep(deps),
    random: options.random,
  };
  const runner = createRunner(engine, deps.log);
  deps.dispatcher = runner;
  return runner;
}
