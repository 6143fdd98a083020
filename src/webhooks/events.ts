/**
 * Provider feedback: each Resend event is stored once (keyed by `svix-id`), tied to the delivery
 * it is about, and a permanent bounce, a complaint or a provider suppression suppresses the
 * address for good.
 *
 * Finding the delivery: Resend echoes an email's tags in its events, and every delivery's email is
 * tagged with the delivery's id, so that is one primary-key read, trusted only when the row's
 * provider id is the event's `data.email_id`. Provider ids are random, so indexing them would cost
 * a random index page per email while sending; they are not indexed. An event with no tags at all
 * (a sender that drops them) falls back to searching by provider id; an event whose tags carry no
 * delivery tag (a confirmation, a test copy) has no delivery.
 */
import { eq } from 'drizzle-orm';
import { atomically, type Statement } from '../db/atomic.js';
import { deliveries, events, subscribers, suppressions, type Delivery, type SubscriberStatus } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { DELIVERY_TAG } from '../mail/port.js';
import type { AppDeps } from '../deps.js';
import { emailHash, normaliseEmail } from '../subscribers/email.js';

export interface ResendEvent {
  type: string;
  created_at?: string;
  data?: Record<string, unknown>;
}

/** What an event means for the address, or null when it is only feedback. */
export function suppressionFor(event: ResendEvent): { reason: string; status: SubscriberStatus } | null {
  const bounce = event.data?.bounce as { type?: unknown } | undefined;
  switch (event.type) {
    case 'email.bounced':
      // Transient (mailbox full, greylisting) and Undetermined bounces are stored, not acted on.
      return bounce?.type === 'Permanent' ? { reason: 'bounce', status: 'bounced' } : null;
    case 'email.complained':
      return { reason: 'complaint', status: 'complained' };
    case 'email.suppressed':
      return { reason: 'provider_suppressed', status: 'bounced' };
    default:
      return null;
  }
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** An event's tags as name → value: Resend documents an array of `{name, value}`, and shows an object. */
function tagsOf(data: Record<string, unknown> | undefined): Map<string, string> | null {
  const tags = data?.tags;
  if (Array.isArray(tags)) {
    return new Map(tags.flatMap((t) => (t && typeof t === 'object' && str(t.name) && typeof t.value === 'string' ? [[t.name as string, t.value as string]] : [])));
  }
  if (tags && typeof tags === 'object') return new Map(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return null;
}

/** The delivery an event is about, if it is about one of ours. */
async function deliveryFor(db: Db, providerId: string | undefined, data: Record<string, unknown> | undefined): Promise<Delivery | undefined> {
  if (!providerId) return undefined;
  const tags = tagsOf(data);
  if (!tags) return db.select().from(deliveries).where(eq(deliveries.providerId, providerId)).get();
  const id = Number(tags.get(DELIVERY_TAG));
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const d = await db.select().from(deliveries).where(eq(deliveries.id, id)).get();
  return d?.providerId === providerId ? d : undefined;
}

/** Stores an event (once per svix id) and applies its suppression. */
export async function recordEvent(deps: AppDeps, svixId: string, event: ResendEvent, rawBody: string): Promise<'stored' | 'duplicate'> {
  const { db } = deps;
  if (await db.select({ id: events.id }).from(events).where(eq(events.svixId, svixId)).get()) return 'duplicate';
  const providerId = str(event.data?.email_id)?.slice(0, 200);
  const delivery = await deliveryFor(db, providerId, event.data);
  const to = event.data?.to;
  const recipient = delivery && delivery.email !== 'erased@invalid' ? delivery.email : str(Array.isArray(to) ? to[0] : to);
  const suppression = suppressionFor(event);
  const iso = deps.clock.now().toISOString();
  await atomically(db, () => {
    const statements: Statement[] = [
      db
        .insert(events)
        .values({
          svixId,
          type: event.type,
          providerId: providerId ?? null,
          deliveryId: delivery?.id ?? null,
          editionId: delivery?.editionId ?? null,
          persona: delivery?.persona ?? null,
          payload: rawBody,
          occurredAt: str(event.data?.created_at) ?? str(event.created_at) ?? null,
          createdAt: iso,
        })
        .onConflictDoNothing({ target: events.svixId }),
    ];
    if (suppression && recipient) {
      const email = normaliseEmail(recipient);
      statements.push(
        db.insert(suppressions).values({ emailHash: emailHash(email), reason: suppression.reason, createdAt: iso }).onConflictDoNothing(),
        db.update(subscribers).set({ status: suppression.status, updatedAt: iso }).where(eq(subscribers.email, email)),
      );
    }
    return statements;
  });
  if (suppression && !recipient) deps.log.warn('webhook: cannot suppress, no recipient known', { type: event.type, providerId });
  return 'stored';
}
