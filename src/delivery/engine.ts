/**
 * Node's delivery engine: sends one edition's batches, exactly once per recipient, at the paced
 * rate, resumable after any crash. Only the holder of the edition's lease runs it. The work on
 * one batch is shared with the Workers runtime (batch.ts); decisions come from plan.ts.
 */
import type { CoreDeps } from '../deps.js';
import { requireEdition } from '../editions/store.js';
import { attemptBatch, prepareSend, type PrepareTldrs } from './batch.js';
import { acquireLease, editionLease, releaseLease } from './lease.js';
import { editionStatus, finishIfDone, nextOpenBatch } from './store.js';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export interface EngineDeps extends CoreDeps {
  sleep: Sleep;
  /** Who this process is, for leases. */
  holder: string;
  /** Batches in flight at once (the pacer still caps the rate). */
  concurrency: number;
  prepareTldrs: PrepareTldrs;
  random?: () => number;
  /** Aborted when the process shuts down: no new batch is claimed; the one in flight is recorded. */
  stop?: AbortSignal;
}

export type RunResult = 'busy' | 'not-sending' | 'finished' | 'halted';

/** Runs (or resumes) the send of one edition until it is finished, halted or cancelled. */
export async function runEdition(deps: EngineDeps, editionId: number): Promise<RunResult> {
  const { db, clock, holder } = deps;
  const lease = editionLease(editionId);
  const leaseMs = deps.config.sendLeaseSeconds * 1000;
  if (!(await acquireLease(db, lease, holder, clock.now(), leaseMs))) return 'busy';
  try {
    if ((await requireEdition(db, editionId)).status !== 'sending') return 'not-sending';
    const ctx = await prepareSend(deps, editionId, deps.prepareTldrs);

    let cursor = -1;
    let halted = false;
    let renewedAt = clock.now().getTime();
    let claiming: Promise<unknown> = Promise.resolve();
    // Claims are serialised so two workers never take the same batch.
    const claim = () => {
      const next = claiming.then(async () => {
        const b = await nextOpenBatch(db, editionId, cursor);
        if (b) cursor = b.number;
        return b;
      });
      claiming = next;
      return next;
    };

    const stopped = () => halted || deps.stop?.aborted === true;
    const worker = async () => {
      while (!stopped()) {
        const now = clock.now().getTime();
        if (now - renewedAt > leaseMs / 3) {
          renewedAt = now;
          if (!(await acquireLease(db, lease, holder, clock.now(), leaseMs))) return void (halted = true);
        }
        if ((await editionStatus(db, editionId)) !== 'sending') return void (halted = true);
        const batch = await claim();
        if (!batch) return;
        for (let attempt = 1; !stopped(); attempt++) {
          const r = await attemptBatch(ctx, batch, attempt, deps.random);
          if (r.kind === 'done') break;
          if (r.kind === 'halt') return void (halted = true);
          if (deps.stop?.aborted) return;
          if (!r.rateLimited) await deps.sleep(r.waitMs);
          if ((await editionStatus(db, editionId)) !== 'sending') return void (halted = true);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, deps.concurrency) }, worker));
    if (stopped()) return 'halted';
    return (await finishIfDone(db, editionId, clock.now())) ? 'finished' : 'halted';
  } finally {
    await releaseLease(db, lease, holder);
  }
}
