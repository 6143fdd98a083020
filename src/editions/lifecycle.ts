/**
 * The edition lifecycle, wired: the table below is the only definition of which event moves an
 * edition from which status to which, and `applyEdition` is the only code that writes
 * `editions.status` (a source scan in tests/architecture.test.ts holds it to that).
 *
 *   draft ──schedule──▶ scheduled ──────due──────▶ sending ──finish──▶ sent
 *     │                    │                          │  ▲
 *     └──────start─────────┼─────────────────────────▶│  │ start (send again: resumes)
 *                          │                          ├──┴─▶ paused  (provider quota exhausted)
 *                          │                          ├────▶ failed  (provider refused the key)
 *                          └────────cancel────────────┴────▶ cancelled
 *
 * paused, failed and cancelled may be sent (or scheduled) again: the send resumes where it
 * stopped, and nobody who already received the edition gets it twice.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { EDITION_STATUSES, editions, type Edition, type EditionStatus } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { conflict } from '../http/errors.js';

/** `due`: the scheduler starts a scheduled edition whose time has come (only a scheduled one). */
export type EditionEvent = 'schedule' | 'start' | 'due' | 'finish' | 'cancel' | 'pause' | 'fail';

const TRANSITIONS: Record<EditionStatus, Partial<Record<EditionEvent, EditionStatus>>> = {
  draft: { schedule: 'scheduled', start: 'sending' },
  scheduled: { schedule: 'scheduled', start: 'sending', due: 'sending', cancel: 'cancelled' },
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

/** Every `from → to` the table allows for `event` (each event leads to one status). */
export function edgesOf(event: EditionEvent): { from: EditionStatus[]; to: EditionStatus } {
  const from = EDITION_STATUSES.filter((s) => nextStatus(s, event) !== null);
  return { from, to: nextStatus(from[0], event)! };
}

/** What may change together with the status. */
export type TransitionData = Partial<Pick<Edition, 'scheduledAt' | 'statusReason' | 'sentAt'>>;

/**
 * Applies `event` to edition `id` if its current status allows it, in one compare-and-set
 * statement (`… WHERE status IN (from)`). Returns the updated edition, or null when the edition
 * was not in a status the event leaves from (or does not exist).
 */
export async function applyEdition(db: Db, id: number, event: EditionEvent, now: Date, data: TransitionData = {}): Promise<Edition | null> {
  const { from, to } = edgesOf(event);
  const rows = await db
    .update(editions)
    .set({ ...data, status: to, updatedAt: now.toISOString() })
    .where(and(eq(editions.id, id), inArray(editions.status, from)))
    .returning();
  return rows[0] ?? null;
}

/** `applyEdition` for an editor's action: a refused event is a 409 saying why, in the table's words. */
export async function requireTransition(db: Db, edition: Edition, event: EditionEvent, now: Date, data: TransitionData = {}): Promise<Edition> {
  if (!nextStatus(edition.status, event)) throw conflict(`cannot ${event} an edition that is ${edition.status}`);
  const moved = await applyEdition(db, edition.id, event, now, data);
  if (!moved) throw conflict('the edition changed meanwhile; try again');
  return moved;
}

/** Editors may change an edition's content only before any of it has gone out. */
export function isEditable(status: EditionStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}

/** Once a send has started the edition is part of the record (deliveries, stats) and stays. */
export function isDeletable(status: EditionStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}
