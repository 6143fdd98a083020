/**
 * The transactional message lifecycle, wired: this file is the one writer of
 * `transactional_messages.status` (tests/architecture.test.ts holds it to that).
 *
 *   reader's request ─request─▶ requested ─render─▶ queued ─build─▶ submitting ─accept─▶ submitted | failed
 *   test copy ───────────queue──────────────────────▲ │                  ├───refuse──▶ failed
 *                              requested ─skip─▶ skipped                 └───lose────▶ uncertain
 *
 * request: a reader asked to subscribe; what to send is decided when it is rendered (so the
 * request itself does the same work for every address). render: the email is stored whole.
 * build: up to 100 queued messages become one provider call under a fresh idempotency key; from
 * then on the call's membership and bytes never change, so every retry is byte-identical. lose:
 * the call may or may not have gone out and can no longer be retried safely. A final status drops
 * the stored email (it was only kept for retries). Every write checks the status it leaves from
 * in the same statement, so a transition that is no longer allowed changes nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import { atomically, type Statement } from '../db/atomic.js';
import type { TransactionalCategory, TransactionalStatus } from '../db/transactional-schema.js';
import type { Db } from '../db/types.js';

export type TransactionalEvent = 'request' | 'queue' | 'render' | 'skip' | 'build' | 'accept' | 'refuse' | 'lose';

/** `new` is a message that does not exist yet. */
const TRANSITIONS: Record<TransactionalStatus | 'new', Partial<Record<TransactionalEvent, TransactionalStatus>>> = {
  new: { request: 'requested', queue: 'queued' },
  requested: { render: 'queued', skip: 'skipped' },
  queued: { build: 'submitting' },
  submitting: { accept: 'submitted', refuse: 'failed', lose: 'uncertain' },
  submitted: {},
  failed: {},
  skipped: {},
  uncertain: {},
};

/** The status after `event`, or null when the event is not allowed from `from`. */
export function nextTransactionalStatus(from: TransactionalStatus | 'new', event: TransactionalEvent): TransactionalStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

/** The one status `event` leaves from, and the one it leads to. */
function edge(event: TransactionalEvent): { from: TransactionalStatus; to: TransactionalStatus } {
  const from = (Object.keys(TRANSITIONS) as (TransactionalStatus | 'new')[]).find((s) => s !== 'new' && nextTransactionalStatus(s, event));
  return { from: from as TransactionalStatus, to: nextTransactionalStatus(from!, event)! };
}

/**
 * A reader's request, by the subscriber row it is for: by address (the public form), or by id from
 * a signed reader link (`viaLink`: the resubscribe button).
 */
export type ReaderRef = { email: string } | { subscriberId: string; viaLink: true };

/**
 * The statement that queues a reader's request for a confirmation or a note, unless the address is
 * suppressed or has no subscriber row. One statement whatever the address's state: the decision
 * is the drainer's, when it renders. Run it inside `atomically` with what it depends on.
 */
export function requestStatement(db: Db, reader: ReaderRef, emailHash: string, now: Date): Statement {
  const to = nextTransactionalStatus('new', 'request')!;
  const byLink = 'subscriberId' in reader;
  const match = byLink ? sql`s.id = ${reader.subscriberId}` : sql`s.email = ${reader.email}`;
  return db.run(sql`INSERT INTO transactional_messages (status, subscriber_id, email_hash, via_link, created_at)
    SELECT ${to}, s.id, ${emailHash}, ${byLink ? 1 : 0}, ${now.toISOString()} FROM subscribers s
    WHERE ${match} AND NOT EXISTS (SELECT 1 FROM suppressions WHERE email_hash = ${emailHash})`) as never;
}

/** A rendered message to queue as it is (a test copy). */
export interface RenderedMessage {
  category: TransactionalCategory;
  subscriberId: string | null;
  emailHash: string;
  /** The stored email's JSON (see store.ts `storedEmail`). */
  message: string;
}

/** Queues rendered messages, in order; returns their ids. */
export async function queueRendered(db: Db, messages: RenderedMessage[], now: Date): Promise<number[]> {
  if (!messages.length) return [];
  const to = nextTransactionalStatus('new', 'queue')!;
  // The rows travel as one JSON parameter (D1 allows 100 bound parameters per statement).
  const rows = JSON.stringify(messages.map((m) => ({ c: m.category, s: m.subscriberId, h: m.emailHash, m: m.message })));
  const inserted = (await db.all(sql`INSERT INTO transactional_messages (status, category, subscriber_id, email_hash, message, created_at)
    SELECT ${to}, json_extract(j.value, '$.c'), json_extract(j.value, '$.s'), json_extract(j.value, '$.h'), json_extract(j.value, '$.m'), ${now.toISOString()}
    FROM json_each(${rows}) AS j ORDER BY j.key RETURNING id`)) as { id: number }[];
  return inserted.map((r) => r.id).sort((a, b) => a - b);
}

/** What an event on existing messages carries. */
export type TransactionalEventData =
  /** One reader's request, rendered; `unless` (a condition on the database) turns it down instead. */
  | { event: 'render'; id: number; category: TransactionalCategory; message: string; unless?: SQL }
  | { event: 'skip'; id: number; reason: string; now: Date }
  /** Up to `limit` queued messages, oldest first, become the call `key`. */
  | { event: 'build'; key: string; limit: number }
  /** The call's members were answered: `ids[i]` for `members[i]` (null: rejected, reason in `rejected`). */
  | { event: 'accept'; key: string; members: { id: number }[]; ids: (string | null)[]; rejected: { index: number; message: string }[]; now: Date }
  | { event: 'refuse' | 'lose'; key: string; reason: string; now: Date };

/**
 * Applies an event, all or nothing. Returns how many messages moved (0: the event was not allowed
 * from their status, and nothing changed).
 */
export async function applyTransactional(db: Db, data: TransactionalEventData): Promise<number> {
  const { from, to } = edge(data.event);
  const writes: SQL[] = [];
  switch (data.event) {
    case 'render':
      writes.push(sql`UPDATE transactional_messages SET status = ${to}, category = ${data.category}, message = ${data.message}
        WHERE id = ${data.id} AND status = ${from} ${data.unless ? sql`AND NOT (${data.unless})` : sql``}`);
      break;
    case 'skip':
      writes.push(sql`UPDATE transactional_messages SET status = ${to}, error = ${data.reason}, done_at = ${data.now.toISOString()}, message = NULL
        WHERE id = ${data.id} AND status = ${from}`);
      break;
    case 'build':
      writes.push(sql`UPDATE transactional_messages SET status = ${to}, call_key = ${data.key}
        WHERE status = ${from} AND id IN (SELECT id FROM transactional_messages WHERE status = ${from} ORDER BY id LIMIT ${data.limit})`);
      break;
    case 'accept': {
      const { key, members, ids, rejected, now } = data;
      const reasons = new Map(rejected.map((r) => [r.index, r.message]));
      const done = now.toISOString();
      const submitted = JSON.stringify(members.flatMap((m, i) => (ids[i] ? [{ i: m.id, p: ids[i] }] : [])));
      const failed = JSON.stringify(members.flatMap((m, i) => (ids[i] ? [] : [{ i: m.id, e: reasons.get(i) ?? 'rejected by the provider' }])));
      const refused = nextTransactionalStatus('submitting', 'refuse')!;
      writes.push(
        sql`UPDATE transactional_messages SET status = ${to}, provider_id = json_extract(j.value, '$.p'), error = NULL, done_at = ${done}, message = NULL
          FROM json_each(${submitted}) AS j WHERE transactional_messages.id = json_extract(j.value, '$.i') AND call_key = ${key} AND status = ${from}`,
        sql`UPDATE transactional_messages SET status = ${refused}, error = json_extract(j.value, '$.e'), done_at = ${done}, message = NULL
          FROM json_each(${failed}) AS j WHERE transactional_messages.id = json_extract(j.value, '$.i') AND call_key = ${key} AND status = ${from}`,
      );
      break;
    }
    case 'refuse':
    case 'lose':
      writes.push(sql`UPDATE transactional_messages SET status = ${to}, error = ${data.reason}, done_at = ${data.now.toISOString()}, message = NULL
        WHERE call_key = ${data.key} AND status = ${from}`);
      break;
  }
  // Raw statements: on better-sqlite3 they run as they are built, in this order.
  const changes = await atomically(db, () => writes.map((s) => db.run(s) as never));
  return changes.reduce((a, b) => a + b, 0);
}
