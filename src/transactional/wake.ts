/**
 * Workers: the transactional queue is drained by Queue messages (one is sent whenever something is
 * queued, so it goes out within a second or two) and by the Cron Trigger (the safety net behind a
 * lost or dead-lettered message). The wake message shares SEND_QUEUE with the batch messages and
 * carries no data: the queue itself is in D1.
 */
import type { CoreDeps } from '../deps.js';
import { drainTransactional, type DrainResult, type Sleep } from './drain.js';

/** The body of a Queue message that wakes the drainer. */
export interface DrainMessage {
  kind: 'transactional';
}
export const DRAIN_MESSAGE: DrainMessage = { kind: 'transactional' };

/** Whether a Queue message's body is a drain message (batch messages carry `editionId` and `batch`). */
export const isDrainMessage = (body: unknown): body is DrainMessage =>
  typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'transactional';

/** Provider calls one Workers invocation makes before it hands the rest to a fresh message. */
export const CALLS_PER_INVOCATION = 20;
/** A wake that finds another pass draining looks again this much later, a few times. */
const BUSY_DELAY_S = 5;
const BUSY_TRIES = 5;
/** A provider that keeps failing is tried again this much later (the cron tick tries too). */
const HALTED_DELAY_S = 30;

/** What to do with a wake message: ack it, ack it and send a fresh one (work left), or redeliver it later. */
export type DrainVerdict = { ack: true; again: boolean } | { ack: false; delaySeconds: number };

/**
 * One bounded drain pass, and what it means for the message that asked for it. `holder` names this
 * pass (not the isolate): a cron tick and a message in the same isolate are two passes, and the
 * lease lets one run at a time.
 */
export async function consumeDrainMessage(deps: CoreDeps, holder: string, attempts: number, sleep: Sleep): Promise<DrainVerdict> {
  const result: DrainResult = await drainTransactional(deps, { holder, sleep, maxCalls: CALLS_PER_INVOCATION });
  switch (result) {
    case 'empty':
      return { ack: true, again: false };
    case 'more':
      return { ack: true, again: true };
    case 'busy':
      // The pass holding the lease sends what is queued; looking again covers the moment it ends.
      return attempts < BUSY_TRIES ? { ack: false, delaySeconds: BUSY_DELAY_S } : { ack: true, again: false };
    case 'halted':
      return { ack: false, delaySeconds: HALTED_DELAY_S };
  }
}
