/**
 * One batch, one provider call: the step both runtimes share. Node's engine loops over it with
 * its own waits; a Workers queue consumer makes one attempt per message and lets the Queue
 * redeliver later.
 */
import type { Batch, Edition } from '../db/schema.js';
import type { CoreDeps } from '../deps.js';
import { applyEdition } from '../editions/lifecycle.js';
import { requireEdition } from '../editions/store.js';
import type { OutgoingEmail } from '../mail/port.js';
import { applyBatch } from './batch-lifecycle.js';
import { messageFor, recipientFor, variantCache, type VariantSource } from './compose.js';
import { canRetrySubmitting, decide } from './plan.js';
import { takeSnapshot } from './snapshot.js';
import { audienceVariants, batchRecipients, noteAttempt, setBatchError } from './store.js';
import { loadVariantSource } from './variants.js';

/** Writes the TL;DR variants a send needs; never throws. */
export type PrepareTldrs = (edition: Edition, pairs: { persona: string; language: string }[]) => Promise<void>;

/** What sending an edition's batches needs, prepared once per run. */
export interface SendContext {
  deps: CoreDeps;
  edition: Edition;
  source: VariantSource;
  variantOf: ReturnType<typeof variantCache>;
}

/** Takes the snapshot if there is none yet, writes missing TL;DRs, loads what rendering needs. */
export async function prepareSend(deps: CoreDeps, editionId: number, prepareTldrs: PrepareTldrs): Promise<SendContext> {
  let edition = await requireEdition(deps.db, editionId);
  if (!edition.sendId) {
    await takeSnapshot(deps.db, editionId, deps.clock.now());
    edition = await requireEdition(deps.db, editionId);
  }
  const pairs = await audienceVariants(deps.db, editionId);
  await prepareTldrs(edition, pairs);
  const source = await loadVariantSource(deps.db, edition, deps.config);
  const variantOf = variantCache(deps.config, source);
  // Render every variant now, before the first provider call: rendering later would stall the
  // event loop between paced calls and bunch them up.
  for (const p of pairs) await variantOf(p.persona, p.language);
  return { deps, edition, source, variantOf };
}

/** What came of one attempt. `retry` means: the same batch again after waitMs (same key, same body). */
export type AttemptResult =
  | { kind: 'done' }
  | { kind: 'retry'; waitMs: number; rateLimited: boolean }
  | { kind: 'halt'; reason: string };

/** Builds the batch if needed and composes its messages (deterministically). */
async function messagesOf(ctx: SendContext, batch: Batch): Promise<{ recipients: Awaited<ReturnType<typeof batchRecipients>>; emails: OutgoingEmail[] } | null> {
  const { deps, edition, source } = ctx;
  if (batch.status === 'pending') {
    if (!(await applyBatch(deps.db, batch, { event: 'build' }))) return null;
    batch.status = 'submitting';
  } else if (!canRetrySubmitting(batch.firstAttemptAt, deps.clock.now())) {
    await applyBatch(deps.db, batch, { event: 'lose', reason: 'its first try was more than 23 h ago and its answer was lost; the editor decides' });
    return null;
  }
  const recipients = await batchRecipients(deps.db, batch);
  const emails = await Promise.all(
    recipients.map(async (d) =>
      messageFor(deps.config, edition, await ctx.variantOf(d.persona, d.language), recipientFor(deps.config, edition, source.personas, d), d.persona, d.id),
    ),
  );
  return { recipients, emails };
}

/** One attempt at one batch: build, compose, wait for its slot, call the provider, record. */
export async function attemptBatch(ctx: SendContext, batch: Batch, attempt: number, random?: () => number): Promise<AttemptResult> {
  const { db, clock, mailer } = ctx.deps;
  // Our slot first, then the work: the batch is built and composed just before its slot.
  const ready = await mailer.reserve('edition');
  const built = await messagesOf(ctx, batch);
  if (!built) return { kind: 'done' };
  const { recipients, emails } = built;
  if (emails.length === 0) {
    await applyBatch(db, batch, { event: 'accept', recipients: [], ids: [], rejected: [], now: clock.now() });
    return { kind: 'done' };
  }
  // Noted before the pacer's slot: a first try is never later than its record says.
  await noteAttempt(db, batch, clock.now());
  const outcome = await mailer.sendBatch(emails, { idempotencyKey: batch.idempotencyKey, ready });
  const d = decide(outcome, attempt, random);
  switch (d.action) {
    case 'record':
      if (outcome.kind !== 'accepted') throw new Error('unreachable');
      await applyBatch(db, batch, { event: 'accept', recipients, ids: outcome.ids, rejected: outcome.rejected, now: clock.now() });
      return { kind: 'done' };
    case 'wait-and-retry': {
      // The mailer has already moved every slot back by the provider's retry-after.
      const rateLimited = outcome.kind === 'rate_limited';
      await setBatchError(db, batch, `${'message' in outcome ? outcome.message : outcome.kind} (try ${attempt})`);
      return { kind: 'retry', waitMs: d.waitMs, rateLimited };
    }
    case 'give-up-for-now':
      await setBatchError(db, batch, `still failing after ${attempt} tries; the next scheduler tick retries it`);
      return { kind: 'halt', reason: 'provider keeps failing' };
    case 'pause':
    case 'stop':
      await setBatchError(db, batch, d.reason);
      await applyEdition(db, batch.editionId, d.action === 'pause' ? 'pause' : 'fail', clock.now(), { statusReason: d.reason });
      return { kind: 'halt', reason: d.reason };
    case 'mark-uncertain':
      await applyBatch(db, batch, { event: 'lose', reason: d.reason });
      return { kind: 'done' };
    case 'fail-batch':
      await applyBatch(db, batch, { event: 'refuse', reason: d.reason });
      return { kind: 'done' };
  }
}
