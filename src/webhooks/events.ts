/**
 * Provider feedback: each Resend event is stored once (keyed by `svix-id`), tied to the delivery
 * it is about (`data.email_id` = the delivery's provider id), and a permanent bounce, a complaint
 * or a provider suppression suppresses the address for good.
 */
import { eq } from 'drizzle-orm';
import { atomically, type Statement } from '../db/atomic.js';
import { deliveries, events, subscribers, suppressions, type SubscriberStatus } from '../db/schema.js';
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

/** Stores an event (once per svix id) and applies its suppression. */
export async function recordEvent(deps: AppDeps, svixId: string, event: ResendEvent, rawBody: string): Promise<'stored' | 'duplicate'> {
  const { db } = deps;
  if (await db.select({ id: events.id }).from(events).where(eq(events.svixId, svixId)).get()) return 'duplicate';
  const providerId = str(event.data?.email_id)?.slice(0, 200);
  const delivery = providerId
    ? await db.select().from(deliveries).where(eq(deliveries.providerId, providerId)).get()
    : undefined;
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
