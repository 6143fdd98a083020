/**
 * Node's dispatcher: runs the engine for an edition in the background, once at a time per
 * edition in this process (the lease covers other processes). A dispatch during a run asks
 * for one more run afterwards, so nothing requested is lost. `stop()` is the graceful shutdown:
 * no new batch is claimed, the calls in flight finish and are recorded, leases are released.
 */
import type { Dispatcher, Logger } from '../deps.js';
import { runEdition, type EngineDeps, type RunResult } from './engine.js';

export interface NodeRunner extends Dispatcher {
  /** Resolves when every run started so far has ended (tests and shutdown). */
  idle(): Promise<void>;
  /** Stops claiming batches and resolves once the runs in flight have ended. */
  stop(): Promise<void>;
}

export function createRunner(deps: EngineDeps, log: Logger): NodeRunner {
  const running = new Map<number, Promise<void>>();
  const again = new Set<number>();
  const stopping = new AbortController();
  const engine: EngineDeps = { ...deps, stop: stopping.signal };

  const start = (editionId: number) => {
    const run = (async () => {
      let result: RunResult;
      do {
        again.delete(editionId);
        try {
          result = await runEdition(engine, editionId);
        } catch (err) {
          log.error(`send of edition ${editionId} stopped by an error; the next tick resumes it`, err);
          return;
        }
      } while (again.has(editionId) && result !== 'busy' && !stopping.signal.aborted);
    })().finally(() => running.delete(editionId));
    running.set(editionId, run);
  };

  const idle = async () => {
    while (running.size) await Promise.all([...running.values()]);
  };

  return {
    async dispatch(editionId) {
      if (stopping.signal.aborted) return;
      if (running.has(editionId)) again.add(editionId);
      else start(editionId);
    },
    idle,
    async stop() {
      stopping.abort();
      await idle();
    },
  };
}
