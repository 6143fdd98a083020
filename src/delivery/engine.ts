/**
 * The delivery engine: sends one edition's batches, exactly once per recipient, at the paced
 * rate, resumable after any crash. Only the holder of the edition's lease runs it. Decisions
 * (retry, pause, give up) come from plan.ts; data changes from store.ts.
 */
import type { Batch, Edition } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { requireEdition } from '../editions/store.js';
import { messageFor, recipientFor, variantCache } from './compose.js';
import { acquireLease, editionLease, releaseLease } from './lease.js';
import type { Pacer, Sleep } from './pacer.js';
import { canRetrySubmitting, decide } from './plan.js';
import { takeSnapshot } from './snapshot.js';
import {
  audienceVariants, batchRecipients, buildBatch, closeBatch, editionStatus, moveEdition, nextOpenBatch, noteAttempt,
  recordAccepted, setBatchError,
} from './store.js';
import { loadVariantSource } from './variants.js';

export interface EngineDeps extends AppDeps {
  pacer: Pacer;
  sleep: Sleep;
  /** Who this process is, for leases. */
  holder: string;
  /** Batches in flight at once (the pacer still caps the rate). */
  concurrency: number;
  /** Writes the TL;DR variants a send needs; never throws. */
  prepareTldrs(edition: Edition, pairs: { persona: string; language: string }[]): Promise<void>;
  random?: () => number;
}

export type RunResult = 'busy' | 'not-sending' | 'finished' | 'halted' | 'stopped';

type BatchResult = 'done' | 'halt';

/** Runs (or resumes) the send of one edition until it is finished, halted or cancelled. */
export async function runEdition(deps: EngineDeps, editionId: number): Promise<RunResult> {
  const { db, clock, holder } = deps;
  const lease = editionLease(editionId);
  const leaseMs = deps.config.sendLeaseSeconds * 1000;
  if (!(await acquireLease(db, lease, holder, clock.now(), leaseMs))) return 'busy';
  try {
    let edition = await requireEdition(db, editionId);
    if (edition.status !== 'sending') return 'not-sending';
    if (!edition.sendId) {
      await takeSnapshot(db, editionId, clock.now());
      edition = await requireEdition(db, editionId);
    }
    await deps.prepareTldrs(edition, await audienceVariants(db, editionId));
    const source = await loadVariantSource(db, edition);
    const variantOf = variantCache(deps.config, source);

    let cursor = -1;
    let halted = false;
    let stopped = false;
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

    const sendBatch = async (batch: Batch): Promise<BatchResult> => {
      if (batch.status === 'pending') await buildBatch(db, batch);
      else if (!canRetrySubmitting(batch.firstAttemptAt, clock.now())) {
        await closeBatch(db, batch, 'uncertain', 'its first try was more than 23 h ago and its answer was lost; the editor decides');
        return 'done';
      }
      const recipients = await batchRecipients(db, batch);
      if (recipients.length === 0) {
        await recordAccepted(db, batch, [], [], [], clock.now());
        return 'done';
      }
      const emails = await Promise.all(
        recipients.map(async (d) =>
          messageFor(deps.config, edition, await variantOf(d.persona, d.language), recipientFor(deps.config, edition, source.personas, d), d.persona),
        ),
      );
      for (let attempt = 1; ; attempt++) {
        await deps.pacer.take();
        await noteAttempt(db, batch, clock.now());
        const outcome = await deps.mailer.sendBatch(emails, { idempotencyKey: batch.idempotencyKey });
        const d = decide(outcome, attempt, deps.random);
        switch (d.action) {
          case 'record':
            await recordAccepted(db, batch, recipients, outcome.kind === 'accepted' ? outcome.ids : [], outcome.kind === 'accepted' ? outcome.rejected : [], clock.now());
            if (outcome.kind === 'accepted' && outcome.waitMs) deps.pacer.holdFor(outcome.waitMs);
            return 'done';
          case 'wait-and-retry':
            if (outcome.kind === 'rate_limited') deps.pacer.holdFor(d.waitMs);
            else {
              await setBatchError(db, batch, `${outcome.kind === 'retryable' ? outcome.message : ''} (try ${attempt})`);
              await deps.sleep(d.waitMs);
            }
            if ((await editionStatus(db, editionId)) !== 'sending') return 'halt';
            continue;
          case 'give-up-for-now':
            await setBatchError(db, batch, `still failing after ${attempt} tries; the next scheduler tick retries it`);
            return 'halt';
          case 'pause':
          case 'stop':
            await setBatchError(db, batch, d.reason);
            await moveEdition(db, editionId, ['sending'], d.action === 'pause' ? 'paused' : 'failed', clock.now(), { statusReason: d.reason });
            stopped = true;
            return 'halt';
          case 'mark-uncertain':
            await closeBatch(db, batch, 'uncertain', d.reason);
            return 'done';
          case 'fail-batch':
            await closeBatch(db, batch, 'failed', d.reason);
            return 'done';
        }
      }
    };

    const worker = async () => {
      while (!halted) {
        const now = clock.now().getTime();
        if (now - renewedAt > leaseMs / 3) {
          renewedAt = now;
          if (!(await acquireLease(db, lease, holder, clock.now(), leaseMs))) return void (halted = true);
        }
        if ((await editionStatus(db, editionId)) !== 'sending') return void (halted = true);
        const batch = await claim();
        if (!batch) return;
        if ((await sendBatch(batch)) === 'halt') halted = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, deps.concurrency) }, worker));

    if (stopped) return 'stopped';
    if (halted) return 'halted';
    if (await nextOpenBatch(db, editionId, -1)) return 'halted';
    const done = await moveEdition(db, editionId, ['sending'], 'sent', clock.now(), { sentAt: clock.now().toISOString(), statusReason: null });
    return done ? 'finished' : 'halted';
  } finally {
    await releaseLease(db, lease, holder);
  }
}
