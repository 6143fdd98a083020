/** TL;DR variant data operations. */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { editionTranslations, subscribers, tldrVariants, type TldrVariant } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { UNMETERED, type VariantRef } from './plan.js';

export type NewVariant = Omit<TldrVariant, 'id' | 'editionId' | 'createdAt' | 'updatedAt'>;

const tokens = z.number().int().min(0);

/** Token and cost totals of an edition's TL;DRs, for the admin edition view. */
export const tldrCostSummarySchema = z
  .object({
    calls: tokens.describe("Variants Claude was asked for (a re-ask is counted inside its variant's tokens)"),
    inputTokens: tokens,
    cacheReadTokens: tokens,
    cacheWriteTokens: tokens,
    outputTokens: tokens,
    costUsd: z.number().min(0).describe('Estimated at list price, USD'),
  })
  .meta({ id: 'TldrCost' });
export type TldrCostSummary = z.output<typeof tldrCostSummarySchema>;

export async function listVariants(db: Db, editionId: number): Promise<TldrVariant[]> {
  return db
    .select()
    .from(tldrVariants)
    .where(eq(tldrVariants.editionId, editionId))
    .orderBy(asc(tldrVariants.persona), asc(tldrVariants.language));
}

export async function getVariant(db: Db, editionId: number, ref: VariantRef): Promise<TldrVariant | undefined> {
  return db
    .select()
    .from(tldrVariants)
    .where(and(eq(tldrVariants.editionId, editionId), eq(tldrVariants.persona, ref.persona), eq(tldrVariants.language, ref.language)))
    .get();
}

/**
 * True in a statement about `tldrVariants` while its edition may still change: once a send has
 * started, its variants are frozen (a retried batch must be byte-identical to its first try).
 */
const editionStillEditable = sql`EXISTS (SELECT 1 FROM editions e WHERE e.id = ${tldrVariants.editionId} AND e.status IN ('draft', 'scheduled'))`;

/**
 * Stores what Claude (or the fallback) wrote. `mode: 'missing'` keeps whatever is already
 * stored (the first writer wins: a variant a batch may have mailed never changes under it);
 * `mode: 'replace'` overwrites, except a variant the editor wrote.
 */
export async function saveGenerated(db: Db, editionId: number, v: NewVariant, now: Date, mode: 'missing' | 'replace'): Promise<void> {
  const iso = now.toISOString();
  const insert = db.insert(tldrVariants).values({ ...v, editionId, createdAt: iso, updatedAt: iso });
  if (mode === 'missing') {
    await insert.onConflictDoNothing();
    return;
  }
  const { persona: _p, language: _l, ...changes } = v;
  await insert.onConflictDoUpdate({
    target: [tldrVariants.editionId, tldrVariants.persona, tldrVariants.language],
    set: { ...changes, updatedAt: iso },
    // A run that started before the send and ends after it leaves the variants the send uses.
    setWhere: and(ne(tldrVariants.source, 'editor'), editionStillEditable),
  });
}

/** Stores the editor's own text for a variant; Claude never overwrites it. */
export async function saveEditorVariant(
  db: Db,
  editionId: number,
  ref: VariantRef,
  input: { text: string; why: string | null },
  now: Date,
): Promise<TldrVariant | undefined> {
  const iso = now.toISOString();
  const values = {
    text: input.text,
    why: input.why,
    source: 'editor' as const,
    ...UNMETERED,
    updatedAt: iso,
  };
  const [row] = await db
    .insert(tldrVariants)
    .values({ ...values, ...ref, editionId, createdAt: iso })
    .onConflictDoUpdate({ target: [tldrVariants.editionId, tldrVariants.persona, tldrVariants.language], set: values, setWhere: editionStillEditable })
    .returning();
  // undefined: the send started meanwhile and the variant is frozen.
  return row;
}

/** The (persona, language) pairs of active subscribers. */
export async function activeAudience(db: Db): Promise<VariantRef[]> {
  return db
    .selectDistinct({ persona: subscribers.persona, language: subscribers.language })
    .from(subscribers)
    .where(eq(subscribers.status, 'active'));
}

/** Totals over an edition's variants. The edition route shows them; call it from there. */
export function tldrCostSummary(db: Db, editionId: number): Promise<TldrCostSummary> {
  return costSummary(db, tldrVariants, editionId);
}

/** The metered columns Claude's writings keep (TL;DR variants, translations). */
type MeteredTable = typeof tldrVariants | typeof editionTranslations;

/** Token and cost totals over one edition's rows of a metered table: the TL;DRs', or the translations'. */
export async function costSummary(db: Db, t: MeteredTable, editionId: number): Promise<TldrCostSummary> {
  const row = await db
    .select({
      calls: sql<number>`coalesce(sum(case when ${t.model} is not null then 1 else 0 end), 0)`,
      inputTokens: sql<number>`coalesce(sum(${t.inputTokens}), 0)`,
      cacheReadTokens: sql<number>`coalesce(sum(${t.cacheReadTokens}), 0)`,
      cacheWriteTokens: sql<number>`coalesce(sum(${t.cacheWriteTokens}), 0)`,
      outputTokens: sql<number>`coalesce(sum(${t.outputTokens}), 0)`,
      costUsd: sql<number>`coalesce(sum(${t.costUsd}), 0)`,
    })
    .from(t)
    .where(eq(t.editionId, editionId))
    .get();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    calls: n(row?.calls),
    inputTokens: n(row?.inputTokens),
    cacheReadTokens: n(row?.cacheReadTokens),
    cacheWriteTokens: n(row?.cacheWriteTokens),
    outputTokens: n(row?.outputTokens),
    costUsd: Math.round(n(row?.costUsd) * 1e6) / 1e6,
  };
}

/**
 * Forgets what Claude and the fallback wrote for an edition (its text changed): they are written
 * again from the new text on the next run. The editor's own variants stay. For the edition
 * route's PATCH, while the edition is still editable.
 */
export async function discardGeneratedVariants(db: Db, editionId: number): Promise<void> {
  await db.delete(tldrVariants).where(and(eq(tldrVariants.editionId, editionId), ne(tldrVariants.source, 'editor')));
}
