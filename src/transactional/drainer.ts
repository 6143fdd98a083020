/**
 * Node's drainer: runs drain passes in this process, one at a time. A kick (something was queued,
 * or the scheduler ticked) starts a pass on the next turn of the event loop, never inside the
 * request that queued; a kick during a pass asks for one more pass afterwards, so nothing queued
 * is left behind. `stop()` is the graceful shutdown: no new call starts, the one in flight is
 * answered and recorded.
 */
import { randomUUID } from 'node:crypto';
import type { CoreDeps, Drainer } from '../deps.js';
import { drainTransactional, type DrainOptions, type Sleep } from './drain.js';

export interface NodeDrainer extends Drainer {
  /** Resolves when no pass is running or due (tests, and shutdown). */
  idle(): Promise<void>;
  /** Stops starting calls and resolves once the pass in flight has ended. */
  stop(): Promise<void>;
}

export interface DrainerOptions {
  sleep?: Sleep;
  holder?: string;
  random?: () => number;
}

const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The drainer of this process; `kick` is `AppDeps.drainer`, `stop` belongs in the graceful shutdown. */
export function createDrainer(deps: CoreDeps, options: DrainerOptions = {}): NodeDrainer {
  const stopping = new AbortController();
  const drain: DrainOptions = {
    holder: options.holder ?? `node-${process.pid}-${randomUUID().slice(0, 8)}`,
    sleep: options.sleep ?? realSleep,
    random: options.random,
    stop: stopping.signal,
  };
  let running: Promise<void> | null = null;
  let again = false;

  const passes = async () => {
    do {
      again = false;
      try {
        const result = await drainTransactional(deps, drain);
        // Busy: another process drains. Halted: the provider keeps failing; the next tick retries.
        if (result === 'busy' || result === 'halted') return;
      } catch (err) {
        deps.log.error('transactional queue: a drain pass stopped by an error; the next tick resumes it', err);
        return;
      }
    } while (again && !stopping.signal.aborted);
  };

  const idle = async () => {
    while (running) await running;
  };

  return {
    async kick() {
      if (stopping.signal.aborted) return;
      if (running) {
        again = true;
        return;
      }
      // Started on the next turn of the event loop: the request that queued answers first.
      running = new Promise<void>((r) => setImmediate(r))
        .then(passes)
        .finally(() => {
          running = null;
        });
    },
    idle,
    async stop() {
      stopping.abort();
      await idle();
    },
  };
}
