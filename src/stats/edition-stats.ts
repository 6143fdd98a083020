/**
 * An edition's numbers per persona, per language and in total, and the readers who clicked each
 * link. Two sources, always added: the tallies its folded batches left (src/retention/), and what
 * the rows not folded yet add up to (the live tallies and each link's live clicks, kept by
 * triggers on every write to deliveries and clicks, so a million-reader send is a few rows to
 * read; the unsubscribes attributed to the edition, counted from their table). Folding moves one
 * batch from the second to the first in one transaction, so the sum is the same before, during
 * and after.
 *
 * Every count is of distinct deliveries (or subscribers): a reader who opens an edition five
 * times is one open. "sent" means submitted to the provider; "delivered" means the provider
 * reported delivery.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { editionLinks, editionTallies, linkTallies, liveTallies } from '../db/feedback-schema.js';
import { deliveries, personas, unsubscribes } from '../db/schema.js';
import type { Db } from '../db/types.js';

const readers = z.number().int().min(0);

/** Distinct deliveries (or subscribers) of each kind. */
export const statCountsSchema = z.object({
  sent: readers.describe('Accepted by the provider'),
  delivered: readers.describe("The provider's webhook said the receiving server took it"),
  opened: readers,
  clicked: readers,
  bounced: readers.describe('Hard bounces: a transient bounce is a delay, not a bounce'),
  complained: readers,
  unsubscribed: readers,
});
export type StatCounts = z.output<typeof statCountsSchema>;

/** An edition's numbers (component `EditionStats` of the OpenAPI document). */
export const editionStatsSchema = z
  .object({
    editionId: z.number().int(),
    total: statCountsSchema,
    personas: z.array(statCountsSchema.extend({ persona: z.string(), label: z.string() })),
    languages: z.array(statCountsSchema.extend({ language: z.string() })),
    links: z
      .array(z.object({ url: z.string(), clicked: readers }))
      .describe('Each link readers clicked (reader tokens stripped), with how many readers clicked it; most first'),
  })
  .meta({ id: 'EditionStats' });
export type EditionStats = z.output<typeof editionStatsSchema>;

const KEYS = ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed'] as const;
const zero = (): StatCounts => ({ sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, complained: 0, unsubscribed: 0 });
const add = (into: StatCounts, from: Partial<StatCounts>) => {
  for (const k of KEYS) into[k] += Number(from[k] ?? 0);
};

/** Per persona × language, from the rows not folded yet and the tallies of those that were. */
async function cells(db: Db, editionId: number) {
  const [live, folded, unsubs] = await Promise.all([
    db.select().from(liveTallies).where(eq(liveTallies.editionId, editionId)),
    db.select().from(editionTallies).where(eq(editionTallies.editionId, editionId)),
    db
      .select({
        persona: unsubscribes.persona,
        // The language of the delivery the unsubscribe came from (a later one has none).
        language: sql<string>`coalesce(${deliveries.language}, 'unknown')`,
        unsubscribed: sql<number>`count(distinct ${unsubscribes.subscriberId})`.mapWith(Number),
      })
      .from(unsubscribes)
      .leftJoin(deliveries, and(eq(deliveries.editionId, unsubscribes.editionId), eq(deliveries.subscriberId, unsubscribes.subscriberId)))
      .where(eq(unsubscribes.editionId, editionId))
      .groupBy(unsubscribes.persona, deliveries.language),
  ]);
  const byCell = new Map<string, StatCounts & { persona: string; language: string }>();
  for (const r of [...live, ...folded, ...unsubs]) {
    const key = `${r.persona}\n${r.language}`;
    if (!byCell.has(key)) byCell.set(key, { persona: r.persona, language: r.language, ...zero() });
    add(byCell.get(key)!, r);
  }
  return [...byCell.values()];
}

/** Readers who clicked each link: the clicks not folded yet plus the link tallies. */
async function linkCounts(db: Db, editionId: number): Promise<EditionStats['links']> {
  const [links, folded] = await Promise.all([
    db.select({ id: editionLinks.id, url: editionLinks.url, live: editionLinks.liveClicks }).from(editionLinks).where(eq(editionLinks.editionId, editionId)),
    db
      .select({ id: linkTallies.linkId, n: sql<number>`sum(${linkTallies.clicked})`.mapWith(Number) })
      .from(linkTallies)
      .innerJoin(editionLinks, eq(editionLinks.id, linkTallies.linkId))
      .where(eq(editionLinks.editionId, editionId))
      .groupBy(linkTallies.linkId),
  ]);
  const clicks = new Map<number, number>();
  for (const l of links) clicks.set(l.id, l.live);
  for (const r of folded) clicks.set(r.id, (clicks.get(r.id) ?? 0) + r.n);
  return links
    .map((l) => ({ url: l.url, clicked: clicks.get(l.id) ?? 0 }))
    .filter((l) => l.clicked > 0)
    .sort((a, b) => b.clicked - a.clicked || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** Sums cells by one of their keys. */
function sumBy<K extends 'persona' | 'language'>(rows: (StatCounts & Record<K, string>)[], key: K): Map<string, StatCounts> {
  const out = new Map<string, StatCounts>();
  for (const r of rows) {
    if (!out.has(r[key])) out.set(r[key], zero());
    add(out.get(r[key])!, r);
  }
  return out;
}

export async function editionStats(db: Db, editionId: number): Promise<EditionStats> {
  const [rows, links, known] = await Promise.all([
    cells(db, editionId),
    linkCounts(db, editionId),
    db.select({ slug: personas.slug, label: personas.label }).from(personas).orderBy(asc(personas.position), asc(personas.slug)),
  ]);
  const order = new Map(known.map((p, i) => [p.slug, i]));
  const labels = new Map(known.map((p) => [p.slug, p.label]));
  const list = [...sumBy(rows, 'persona').entries()]
    .sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b))
    .map(([persona, counts]) => ({ persona, label: labels.get(persona) ?? persona, ...counts }));
  const languages = [...sumBy(rows, 'language').entries()].sort(([a], [b]) => a.localeCompare(b)).map(([language, counts]) => ({ language, ...counts }));
  const total = zero();
  for (const r of list) add(total, r);
  return { editionId, total, personas: list, languages, links };
}
