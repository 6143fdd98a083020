/**
 * The edition lifecycle, in one place:
 *
 *   draft ──send(at)──▶ scheduled ──due──▶ sending ──all batches done──▶ sent
 *     │                    │                 │  ▲
 *     └──────send now──────┼────────────────▶│  │ resume (send again)
 *                          │                 ├──┴─▶ paused  (provider quota exhausted)
 *                          │                 ├────▶ failed  (provider refused the key)
 *                          └────cancel───────┴────▶ cancelled
 *
 * paused, failed and cancelled may be sent again: the send resumes where it stopped, and
 * nobody who already received the edition gets it twice.
 */
import type { EditionStatus } from '../db/schema.js';
import { conflict } from '../http/errors.js';

export type EditionEvent = 'schedule' | 'start' | 'finish' | 'cancel' | 'pause' | 'fail';

const TRANSITIONS: Record<EditionStatus, Partial<Record<EditionEvent, EditionStatus>>> = {
  draft: { schedule: 'scheduled', start: 'sending' },
  scheduled: { schedule: 'scheduled', start: 'sending', cancel: 'cancelled' },
  sending: { finish: 'sent', cancel: 'cancelled', pause: 'paused', fail: 'failed' },
  paused: { start: 'sending', schedule: 'scheduled', cancel: 'cancelled' },
  failed: { start: 'sending', schedule: 'scheduled', cancel: 'cancelled' },
  cancelled: { start: 'sending', schedule: 'scheduled' },
  sent: {},
};

/** The status after `event`, or null when the event is not allowed from `from`. */
export function nextStatus(from: EditionStatus, event: EditionEvent): EditionStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

/** Like nextStatus, but a disallowed event is a 409 explaining why. */
export function transition(from: EditionStatus, event: EditionEvent): EditionStatus {
  const to = nextStatus(from, event);
  if (!to) throw conflict(`cannot ${event} an edition that is ${from}`);
  return to;
}

/** Editors may change an edition's content only before any of it has gone out. */
export function isEditable(status: EditionStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}

/** Once a send has started the edition is part of the record (deliveries, stats) and stays. */
export function isDeletable(status: EditionStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}
