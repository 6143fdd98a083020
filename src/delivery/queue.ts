/**
 * Queue fan-out for the Workers runtime, written against a minimal queue interface so it runs
 * (and is tested) on Node too. A started send enqueues one message per open batch — ids only,
 * never rendered HTML; a consumer makes one attempt per message and asks the Queue to redeliver
 * when the provider says "later".
 */
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { batches, type EditionStatus } from '../db/schema.js';
import type { CoreDeps } from '../deps.js';
import { attemptBatch, prepareSend, type PrepareTldrs, type SendContext } from './batch.js';
import { editionStatus, finishIfDone } from './store.js';

export interface BatchMessage {
  editionId: number;
  batch: number;
}

/** What the code needs of a Cloudflare Queue producer. */
export interface QueueProducer {
  sendBatch(messages: Iterable<{ body: BatchMessage }>): Promise<unknown>;
}

/** A Queue's sendBatch takes at most 100 messages. */
const SEND_BATCH_MAX = 100;

/**
 * Takes the snapshot (if new), writes missing TL;DRs, and enqueues the open batches: all of them
 * when `all` (a send starts or resumes), else only those whose message looks lost.
 */
export async function enqueueEdition(
  deps: CoreDeps,
  queue: QueueProducer,
  editionId: number,
  prepareTldrs: PrepareTldrs,
  options: { all: boolean },
): Promise<number> {
  const { db, clock } = deps;
  const staleMs = deps.config.queueStaleSeconds * 1000;
  if ((await editionStatus(db, editionId)) !== 'sending') return 0;
  await prepareSend(deps, editionId, prepareTldrs);
  const now = clock.now();
  const staleBefore = new Date(now.getTime() - staleMs).toISOString();
  const open = await db
    .select({ id: batches.id, number: batches.number })
    .from(batches)
    .where(
      and(
        eq(batches.editionId, editionId),
        inArray(batches.status, ['pending', 'submitting']),
        options.all ? undefined : or(isNull(batches.enqueuedAt), lt(batches.enqueuedAt, staleBefore)),
        options.all ? undefined : or(isNull(batches.lastAttemptAt), lt(batches.lastAttemptAt, staleBefore)),
      ),
    )
    .orderBy(batches.number);
  for (let i = 0; i < open.length; i += SEND_BATCH_MAX) {
    const part = open.slice(i, i + SEND_BATCH_MAX);
    await queue.sendBatch(part.map((b) => ({ body: { editionId, batch: b.number } })));
    await db.update(batches).set({ enqueuedAt: now.toISOString() }).where(inArray(batches.id, part.map((b) => b.id)));
  }
  return open.length;
}

export type MessageVerdict = { ack: true } | { ack: false; delaySeconds: number };

const GIVE_UP_DELAY_S = 60;

/**
 * One queue message: one attempt at one batch. `contexts` caches the per-edition preparation
 * across the messages of one consumer invocation.
 */
export async function consumeMessage(
  deps: CoreDeps,
  message: BatchMessage,
  attempt: number,
  prepareTldrs: PrepareTldrs,
  contexts: Map<number, SendContext>,
): Promise<MessageVerdict> {
  const { db, clock } = deps;
  const status: EditionStatus | undefined = await editionStatus(db, message.editionId);
  // Cancelled, paused, failed or deleted: nothing to do now; a resume enqueues again.
  if (status !== 'sending') return { ack: true };
  const batch = await db
    .select()
    .from(batches)
    .where(and(eq(batches.editionId, message.editionId), eq(batches.number, message.batch)))
    .get();
  if (!batch || (batch.status !== 'pending' && batch.status !== 'submitting')) return { ack: true };
  let ctx = contexts.get(message.editionId);
  if (!ctx) contexts.set(message.editionId, (ctx = await prepareSend(deps, message.editionId, prepareTldrs)));
  const r = await attemptBatch(ctx, batch, attempt);
  if (r.kind === 'done') {
    await finishIfDone(db, message.editionId, clock.now());
    return { ack: true };
  }
  if (r.kind === 'retry') return { ack: false, delaySeconds: Math.max(1, Math.ceil(r.waitMs / 1000)) };
  // Halted: paused or failed editions are done with this message; a failing provider is retried later.
  return (await editionStatus(db, message.editionId)) === 'sending' ? { ack: false, delaySeconds: GIVE_UP_DELAY_S } : { ack: true };
}
