/**
 * Node's dispatcher: runs the engine for an edition in the background, once at a time per
 * edition in this process (the lease covers other processes). A dispatch during a run asks
 * for one more run afterwards, so nothing requested is lost.
 */
import type { Logger } from '../deps.js';
import { runEdition, type EngineDeps, type RunResult } from './engine.js';
import type { Dispatcher } from './send.js';

export interface NodeRunner extends Dispatcher {
  /** Resolves when every run started so far has ended (tests and shutdown). */
  idle(): Promise<void>;
}

export function createRunner(deps: EngineDeps, log: Logger): NodeRunner {
  const running = new Map<number, Promise<void>>();
  const again = new Set<number>();

  const start = (editionId: number) => {
    const run = (async () => {
      let result: RunResult = 'halted';
      do {
        again.delete(editionId);
        try {
          result = await runEdition(deps, editionId);
        } catch (err) {
          log.error(`send of edition ${editionId} stopped by an error; the next tick resumes it`, err);
          return;
        }
      } while (again.has(editionId) && result !== 'busy');
    })().finally(() => running.delete(editionId));
    running.set(editionId, run);
  };

  return {
    dispatch(editionId) {
      if (running.has(editionId)) again.add(editionId);
      else start(editionId);
    },
    async idle() {
      while (running.size) await Promise.all([...running.values()]);
    },
  };
}
