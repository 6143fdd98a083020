/** Editor actions on a send: start now or at a time, cancel. Every status change goes through the edition lifecycle. */
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { requireTransition } from '../editions/lifecycle.js';
import { requireEdition } from '../editions/store.js';
import { progress } from './store.js';

/** The answer to a send request (202). */
export const sendAnswerSchema = z
  .object({
    status: z.enum(['scheduled', 'sending']),
    scheduledAt: z.string().optional().describe('When a scheduled send starts (ISO 8601, UTC)'),
  })
  .meta({ id: 'SendAnswer' });
export type SendAnswer = z.output<typeof sendAnswerSchema>;

/**
 * `at` in the future schedules; otherwise the send starts now. Calling it again while the
 * edition is sending changes nothing (and never sends twice: the engine's lease and the
 * audience snapshot see to that). Returns the answer and the background work it started.
 */
export async function startSend(deps: AppDeps, idParam: string, at?: Date): Promise<{ answer: SendAnswer; work: Promise<void> }> {
  const { db, clock, dispatcher } = deps;
  const edition = await requireEdition(db, idParam);
  const now = clock.now();
  if (edition.status === 'sending') return { answer: { status: 'sending' }, work: dispatcher.dispatch(edition.id) };
  if (at && at.getTime() > now.getTime()) {
    const scheduledAt = at.toISOString();
    await requireTransition(db, edition, 'schedule', now, { scheduledAt, statusReason: null });
    return { answer: { status: 'scheduled', scheduledAt }, work: Promise.resolve() };
  }
  try {
    await requireTransition(db, edition, 'start', now, { statusReason: null });
  } catch (err) {
    // A concurrent call started it first: that is the answer this call wanted too.
    if ((await requireEdition(db, edition.id)).status !== 'sending') throw err;
  }
  return { answer: { status: 'sending' }, work: dispatcher.dispatch(edition.id) };
}

/** Stops a scheduled or running send; what was sent stays sent. */
export async function cancelSend(deps: AppDeps, idParam: string) {
  const { db, clock } = deps;
  const edition = await requireEdition(db, idParam);
  if (edition.status !== 'cancelled') await requireTransition(db, edition, 'cancel', clock.now(), { statusReason: 'cancelled by the editor' });
  return progress(db, edition.id);
}
