/**
 * Turns readers' requests into stored emails, at the drainer's pace rather than the request's:
 * the subscriber's state decides what (if anything) is sent, and the per-address limits decide
 * whether it is sent now. Both are invisible to whoever asked: every request got the same answer.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { CoreDeps } from '../deps.js';
import { readerEmail } from '../reader/mail.js';
import { getSubscriber } from '../subscribers/store.js';
import { applyTransactional } from './lifecycle.js';
import { requestedMessages, storedEmail, type ReaderRequest } from './store.js';

/**
 * At most one reader email (a confirmation or an "already subscribed" note) per address in this
 * long, and at most `perDay` in 24 hours: a stranger who types someone's address cannot fill their
 * inbox, from however many clients. Counted in the database, so it holds across restarts and
 * isolates. A request from a signed reader link (the resubscribe button) skips the gap: whoever
 * clicked it reads the address's mail, and wants the confirmation now.
 */
export const PER_ADDRESS = { gapMs: 10 * 60 * 1000, perDay: 3, dayMs: 24 * 60 * 60 * 1000 } as const;

/** True (as SQL) when the request's address has had its share of reader emails by `now`. */
export function overAddressLimit(request: Pick<ReaderRequest, 'emailHash' | 'viaLink'>, now: Date): SQL {
  const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const readerEmails = (ms: number) =>
    sql`(SELECT count(*) FROM transactional_messages r WHERE r.email_hash = ${request.emailHash} AND r.category IN ('confirm', 'note') AND r.created_at > ${since(ms)})`;
  const perDay = sql`${readerEmails(PER_ADDRESS.dayMs)} >= ${PER_ADDRESS.perDay}`;
  return request.viaLink ? sql`(${perDay})` : sql`(${readerEmails(PER_ADDRESS.gapMs)} > 0 OR ${perDay})`;
}

/** Renders one request, or skips it with the reason. */
async function renderOne(deps: CoreDeps, request: ReaderRequest): Promise<void> {
  const { db, clock } = deps;
  const subscriber = request.subscriberId ? await getSubscriber(db, request.subscriberId) : undefined;
  let decided: Awaited<ReturnType<typeof readerEmail>>;
  try {
    decided = subscriber ? await readerEmail(deps, subscriber) : { skip: 'the subscriber was erased' };
  } catch (err) {
    // A request that cannot be rendered must not hold up every request behind it.
    deps.log.error(`transactional message ${request.id} could not be rendered`, err);
    decided = { skip: `could not be rendered: ${err instanceof Error ? err.message : String(err)}` };
  }
  const now = clock.now();
  if ('skip' in decided) {
    await applyTransactional(db, { event: 'skip', id: request.id, reason: decided.skip, now });
    return;
  }
  // The limit is checked in the statement that queues the email, so two drainers cannot both pass it.
  const queued = await applyTransactional(db, {
    event: 'render',
    id: request.id,
    category: decided.category,
    message: storedEmail(decided.email),
    unless: overAddressLimit(request, now),
  });
  if (!queued) await applyTransactional(db, { event: 'skip', id: request.id, reason: request.viaLink ? 'per-address limit: 3 reader emails a day' : 'per-address limit: one reader email in 10 minutes, 3 a day', now });
}

/** Renders up to `limit` waiting requests, oldest first. Returns how many it looked at. */
export async function renderRequests(deps: CoreDeps, limit = 100): Promise<number> {
  const requests = await requestedMessages(deps.db, limit);
  for (const request of requests) await renderOne(deps, request);
  return requests.length;
}
