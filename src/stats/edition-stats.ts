/**
 * An edition's numbers, per persona and in total, from the audience snapshot (deliveries), the
 * provider's events and the unsubscribes attributed to it. Every count is of distinct
 * deliveries (or subscribers), so a reader who opens an edition five times is one open.
 * "sent" means submitted to the provider; "delivered" means the provider reported delivery.
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { deliveries, events, personas, unsubscribes } from '../db/schema.js';
import type { Db } from '../db/types.js';

export interface StatCounts {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  /** Hard bounces: a transient bounce is a delay, not a bounce. */
  bounced: number;
  complained: number;
  unsubscribed: number;
}

export interface EditionStats {
  editionId: number;
  total: StatCounts;
  personas: (StatCounts & { persona: string; label: string })[];
}

const zero = (): StatCounts => ({ sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, complained: 0, unsubscribed: 0 });

const uniqueWhen = (condition: ReturnType<typeof sql>) =>
  sql<number>`count(distinct case when ${condition} then ${events.deliveryId} end)`;

export async function editionStats(db: Db, editionId: number): Promise<EditionStats> {
  const [sent, feedback, unsubs, known] = await Promise.all([
    db
      .select({ persona: deliveries.persona, n: sql<number>`count(*)` })
      .from(deliveries)
      .where(and(eq(deliveries.editionId, editionId), eq(deliveries.status, 'submitted')))
      .groupBy(deliveries.persona),
    db
      .select({
        persona: events.persona,
        delivered: uniqueWhen(sql`${events.type} = 'email.delivered'`),
        opened: uniqueWhen(sql`${events.type} = 'email.opened'`),
        clicked: uniqueWhen(sql`${events.type} = 'email.clicked'`),
        // An erased subscriber's payload is blanked; its bounce still counts as a hard one.
        bounced: uniqueWhen(sql`${events.type} = 'email.bounced' and coalesce(json_extract(${events.payload}, '$.data.bounce.type'), '') <> 'Transient'`),
        complained: uniqueWhen(sql`${events.type} = 'email.complained'`),
      })
      .from(events)
      .where(and(eq(events.editionId, editionId), isNotNull(events.deliveryId)))
      .groupBy(events.persona),
    db
      .select({ persona: unsubscribes.persona, n: sql<number>`count(distinct ${unsubscribes.subscriberId})` })
      .from(unsubscribes)
      .where(eq(unsubscribes.editionId, editionId))
      .groupBy(unsubscribes.persona),
    db.select({ slug: personas.slug, label: personas.label }).from(personas).orderBy(asc(personas.position), asc(personas.slug)),
  ]);

  const rows = new Map<string, StatCounts>();
  const row = (persona: string | null) => {
    const key = persona ?? 'unknown';
    if (!rows.has(key)) rows.set(key, zero());
    return rows.get(key)!;
  };
  for (const r of sent) row(r.persona).sent = r.n;
  for (const r of feedback) Object.assign(row(r.persona), { delivered: r.delivered, opened: r.opened, clicked: r.clicked, bounced: r.bounced, complained: r.complained });
  for (const r of unsubs) row(r.persona).unsubscribed = r.n;

  const order = new Map(known.map((p, i) => [p.slug, i]));
  const labels = new Map(known.map((p) => [p.slug, p.label]));
  const list = [...rows.entries()]
    .sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b))
    .map(([persona, counts]) => ({ persona, label: labels.get(persona) ?? persona, ...counts }));
  const total = zero();
  for (const r of list) for (const k of Object.keys(total) as (keyof StatCounts)[]) total[k] += r[k];
  return { editionId, total, personas: list };
}
