/** Editor actions on a send: start now or at a time, cancel. Transitions come from the lifecycle. */
import type { AppDeps } from '../deps.js';
import { transition } from '../editions/lifecycle.js';
import { requireEdition } from '../editions/store.js';
import { AppError } from '../http/errors.js';
import { moveEdition, progress } from './store.js';

/** Starts a send (the engine runs it where the runtime decides). */
export interface Dispatcher {
  /** `resume`: a scheduler tick found the edition still sending (its work may already be queued). */
  dispatch(editionId: number, options?: { resume?: boolean }): void;
}

export interface SendAnswer {
  status: 'scheduled' | 'sending';
  scheduledAt?: string;
}

/**
 * `at` in the future schedules; otherwise the send starts now. Calling it again while the
 * edition is sending changes nothing (and never sends twice: the engine's lease and the
 * audience snapshot see to that).
 */
export async function startSend(deps: AppDeps, dispatcher: Dispatcher, idParam: string, at?: Date): Promise<SendAnswer> {
  const { db, clock } = deps;
  const edition = await requireEdition(db, idParam);
  const now = clock.now();
  if (edition.status === 'sending') {
    dispatcher.dispatch(edition.id);
    return { status: 'sending' };
  }
  if (at && at.getTime() > now.getTime()) {
    transition(edition.status, 'schedule');
    const scheduledAt = at.toISOString();
    if (!(await moveEdition(db, edition.id, [edition.status], 'scheduled', now, { scheduledAt, statusReason: null }))) {
      throw new AppError('conflict', 'the edition changed meanwhile; try again');
    }
    return { status: 'scheduled', scheduledAt };
  }
  transition(edition.status, 'start');
  if (!(await moveEdition(db, edition.id, [edition.status], 'sending', now, { statusReason: null }))) {
    const again = await requireEdition(db, edition.id);
    if (again.status !== 'sending') throw new AppError('conflict', 'the edition changed meanwhile; try again');
  }
  dispatcher.dispatch(edition.id);
  return { status: 'sending' };
}

/** Stops a scheduled or running send; what was sent stays sent. */
export async function cancelSend(deps: AppDeps, idParam: string) {
  const { db, clock } = deps;
  const edition = await requireEdition(db, idParam);
  if (edition.status !== 'cancelled') {
    transition(edition.status, 'cancel');
    if (!(await moveEdition(db, edition.id, [edition.status], 'cancelled', clock.now(), { statusReason: 'cancelled by the editor' }))) {
      throw new AppError('conflict', 'the edition changed meanwhile; try again');
    }
  }
  return progress(db, edition.id);
}
