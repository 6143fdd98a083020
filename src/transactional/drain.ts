/**
 * One pass of the drainer, shared by both runtimes: renders readers' requests, then sends the
 * queue in provider calls of up to 100 messages on the pacer's transactional lane (which takes at
 * most one slot in TRANSACTIONAL_SHARE, so editions keep their pace), until nothing is left.
 *
 * Exactly once, as a batch is: a call's membership is fixed (`build`) before its first try and its
 * bytes never change, and it carries its idempotency key, so a retry after a lost answer, a crash
 * or a restart is answered from the provider's memory instead of being sent again. A call whose
 * first try is older than the key's life (23 h here, 24 h at Resend) is never retried blindly: it
 * becomes `uncertain`. One pass at a time holds the `transactional` lease, on every runtime.
 */
import { randomUUID } from 'node:crypto';
import type { CoreDeps } from '../deps.js';
import { acquireLease, releaseLease } from '../delivery/lease.js';
import { BATCH_SIZE, canRetrySubmitting, decide } from '../delivery/plan.js';
import type { Slot } from '../mail/port.js';
import { applyTransactional } from './lifecycle.js';
import { renderRequests } from './render.js';
import { callMembers, hasQueued, noteCallAttempt, openCall, setCallError } from './store.js';

export type Sleep = (ms: number) => Promise<void>;

export interface DrainOptions {
  /** Who is draining, for the lease. */
  holder: string;
  sleep: Sleep;
  random?: () => number;
  /** Aborted at shutdown: no new call starts; the one in flight is answered and recorded. */
  stop?: AbortSignal;
  /** Calls one pass may make before it hands back (a Workers invocation is bounded); unbounded by default. */
  maxCalls?: number;
}

/**
 * `empty`: nothing left to send. `busy`: another pass holds the lease. `halted`: the provider keeps
 * failing, or the pass was stopped; what is left waits for the next kick or tick. `more`: the pass
 * reached `maxCalls` with work left.
 */
export type DrainResult = 'empty' | 'busy' | 'halted' | 'more';

/** The lease one drain pass at a time holds. */
export const DRAIN_LEASE = 'transactional';

/** A call's idempotency key: unique across databases, like a send id. */
export const callKey = () => `pp-tx-${randomUUID()}`;

/** Sends the queue until it is empty (or stopped, or the provider keeps failing). */
export async function drainTransactional(deps: CoreDeps, options: DrainOptions): Promise<DrainResult> {
  const { db, clock, config } = deps;
  const leaseMs = config.sendLeaseSeconds * 1000;
  if (!(await acquireLease(db, DRAIN_LEASE, options.holder, clock.now(), leaseMs))) return 'busy';
  try {
    for (let calls = 0; ; calls++) {
      if (options.stop?.aborted) return 'halted';
      if (calls > 0 && !(await acquireLease(db, DRAIN_LEASE, options.holder, clock.now(), leaseMs))) return 'busy';
      if (calls >= (options.maxCalls ?? Infinity)) return 'more';
      await renderRequests(deps);
      const sent = await sendNextCall(deps, options);
      if (sent === 'halted') return 'halted';
      if (sent === 'none' && (await renderRequests(deps)) === 0) return 'empty';
    }
  } finally {
    await releaseLease(db, DRAIN_LEASE, options.holder);
  }
}

/**
 * Sends one call: the open one left `submitting` by an earlier pass (a crash, a lost answer), or a
 * new one built from the queue just before its slot. `none`: there was nothing to send.
 */
async function sendNextCall(deps: CoreDeps, options: DrainOptions): Promise<'none' | 'sent' | 'halted'> {
  const { db, clock, mailer, log } = deps;
  let key = await openCall(db);
  if (!key && !(await hasQueued(db))) return 'none';
  // The slot first, then the call: requests that came while waiting for it go out with it.
  let ready: Slot | undefined = await mailer.reserve('transactional');
  if (!key) {
    await renderRequests(deps);
    key = callKey();
    if (!(await applyTransactional(db, { event: 'build', key, limit: BATCH_SIZE }))) return 'none';
  }
  for (let attempt = 1; ; attempt++) {
    const members = await callMembers(db, key);
    if (!members.length) return 'sent';
    const now = clock.now();
    if (!canRetrySubmitting(members[0].firstAttemptAt, now)) {
      await applyTransactional(db, { event: 'lose', key, reason: 'its first try was more than 23 h ago and its answer was lost', now });
      log.warn(`transactional call ${key}: ${members.length} messages are uncertain (first tried ${members[0].firstAttemptAt})`);
      return 'sent';
    }
    // Noted before the call leaves: a first try is never later than its record says.
    await noteCallAttempt(db, key, now);
    const outcome = await mailer.sendBatch(
      members.map((m) => m.email),
      // A retry reserves its own transactional slot (the mailer does, without `ready`).
      { idempotencyKey: key, ...(ready ? { ready } : {}) },
    );
    ready = undefined;
    const d = decide(outcome, attempt, options.random);
    const reason = 'message' in outcome ? outcome.message : outcome.kind;
    switch (d.action) {
      case 'record':
        if (outcome.kind !== 'accepted') throw new Error('unreachable');
        await applyTransactional(db, { event: 'accept', key, members, ids: outcome.ids, rejected: outcome.rejected, now: clock.now() });
        for (const r of outcome.rejected) log.warn(`transactional message ${members[r.index]?.id} refused by the provider: ${r.message}`);
        return 'sent';
      case 'wait-and-retry':
        await setCallError(db, key, `${reason} (try ${attempt})`);
        // After a 429 the mailer has already moved every slot back by the provider's retry-after.
        if (outcome.kind !== 'rate_limited') await options.sleep(d.waitMs);
        if (options.stop?.aborted) return 'halted';
        continue;
      case 'give-up-for-now':
      case 'pause':
      case 'stop': {
        const why = d.action === 'give-up-for-now' ? `still failing after ${attempt} tries` : d.reason;
        await setCallError(db, key, why);
        log.error(`transactional call ${key} waits for the next tick: ${why}`);
        return 'halted';
      }
      case 'mark-uncertain':
        await applyTransactional(db, { event: 'lose', key, reason: d.reason, now: clock.now() });
        log.warn(`transactional call ${key}: uncertain (${d.reason})`);
        return 'sent';
      case 'fail-batch':
        await applyTransactional(db, { event: 'refuse', key, reason: d.reason, now: clock.now() });
        log.error(`transactional call ${key} refused by the provider: ${d.reason}`);
        return 'sent';
    }
  }
}
