/**
 * `TLDR_MODE=batch`: an edition's variants go to Claude through the Message Batches API (half
 * the price, results within 24 h), and the scheduler's tick collects them with `pollBatch`.
 *
 * While a batch runs, each of its variants is a stored row whose `flagReason` names the batch
 * (a missing variant is stored as the fallback meanwhile, so a send that starts before the
 * results still has an honest TL;DR). That marker is the whole bookkeeping: it survives
 * restarts, and a row the editor rewrote or another run replaced no longer carries it.
 */
import { and, eq, like, ne } from 'drizzle-orm';
import type { AppDeps } from '../deps.js';
import { tldrVariants, type Edition } from '../db/schema.js';
import { isEditable } from '../editions/lifecycle.js';
import { getEdition } from '../editions/store.js';
import { listPersonas } from '../personas/store.js';
import { UNMETERED, variantKey, type VariantRef } from './plan.js';
import { editionSource, writeVariants } from './service.js';
import { saveGenerated } from './store.js';
import type { BatchResult, SummaryRequest } from './summarizer.js';
import type { FirstAnswer } from './write.js';

type TldrDeps = Pick<AppDeps, 'db' | 'summarizer' | 'clock' | 'log'>;

const MARK_PREFIX = "Waiting for Claude's message batch ";
export const batchMark = (batchId: string) => `${MARK_PREFIX}${batchId}`;
const customId = (ref: VariantRef) => `${ref.persona}_${ref.language}`;

/**
 * Submits `refs` as one message batch and marks their rows as waiting for it. Returns the batch
 * (null when there was nothing to write). If the batch cannot be submitted, the variants are
 * written right away instead (which falls back if Claude is unavailable).
 */
export async function submitBatch(deps: TldrDeps, edition: Edition, refs: VariantRef[]): Promise<{ id: string; requests: number } | null> {
  const batch = deps.summarizer?.batch;
  if (!batch || refs.length === 0) {
    await writeVariants(deps, edition, refs, { mode: 'replace' });
    return null;
  }
  const personas = new Map((await listPersonas(deps.db)).map((p) => [p.slug, p]));
  const todo = refs.filter((r) => personas.has(r.persona));
  if (todo.length === 0) return null;
  const article = { title: edition.title, dek: edition.dek, body: edition.body };
  const items = todo.map((ref) => {
    const p = personas.get(ref.persona)!;
    const request: SummaryRequest = { article, persona: { slug: p.slug, label: p.label, description: p.description }, language: ref.language };
    return { id: customId(ref), request };
  });
  let id: string;
  try {
    id = await batch.submit(items);
  } catch (err) {
    deps.log.warn('TL;DR batch could not be submitted; writing the variants now', err instanceof Error ? err.message : err);
    await writeVariants(deps, edition, todo, { mode: 'replace' });
    return null;
  }
  const source = editionSource(edition);
  const now = deps.clock.now();
  for (const ref of todo) {
    const mark = batchMark(id);
    await saveGenerated(deps.db, edition.id, placeholder(ref, source.fallback, mark), now, 'missing');
    await deps.db
      .update(tldrVariants)
      .set({ flagReason: mark, updatedAt: now.toISOString() })
      .where(and(eq(tldrVariants.editionId, edition.id), eq(tldrVariants.persona, ref.persona), eq(tldrVariants.language, ref.language), ne(tldrVariants.source, 'editor')));
  }
  return { id, requests: items.length };
}

function placeholder(ref: VariantRef, text: string, mark: string) {
  return {
    ...ref,
    text,
    why: null,
    source: 'fallback' as const,
    ...UNMETERED,
    flagReason: mark,
  };
}

function firstAnswer(r: BatchResult): FirstAnswer {
  if (r.ok) return { summary: r.summary };
  if (r.malformed) return { malformed: r.error, usage: r.usage };
  return { error: `the batch request failed (${r.error})` };
}

/**
 * For the scheduler's tick: collects every ended batch and stores its variants (checked like any
 * other; a figure the article lacks is re-asked at once, at the normal price). Results that
 * arrive after the edition started sending are dropped: its variants must not change mid-send.
 */
export async function pollBatch(deps: TldrDeps): Promise<{ batches: number; variants: number }> {
  const batch = deps.summarizer?.batch;
  if (!batch) return { batches: 0, variants: 0 };
  const waiting = await deps.db.select().from(tldrVariants).where(like(tldrVariants.flagReason, `${MARK_PREFIX}%`));
  const byBatch = new Map<string, typeof waiting>();
  for (const row of waiting) {
    const id = row.flagReason!.slice(MARK_PREFIX.length);
    byBatch.set(id, [...(byBatch.get(id) ?? []), row]);
  }
  let batches = 0;
  let variants = 0;
  for (const [id, rows] of byBatch) {
    let results: BatchResult[] | null;
    try {
      results = await batch.collect(id);
    } catch (err) {
      deps.log.warn(`TL;DR batch ${id} could not be read; will try again`, err instanceof Error ? err.message : err);
      continue;
    }
    if (!results) continue;
    batches++;
    const answers = new Map(results.map((r) => [r.id, firstAnswer(r)]));
    for (const editionId of new Set(rows.map((r) => r.editionId))) {
      const edition = await getEdition(deps.db, editionId);
      const refs = rows.filter((r) => r.editionId === editionId).map((r) => ({ persona: r.persona, language: r.language }));
      if (!edition || !isEditable(edition.status)) {
        await clearMarks(deps, editionId, id, 'The batch results arrived after the send started');
        continue;
      }
      const first = new Map<string, FirstAnswer>();
      for (const ref of refs) first.set(variantKey(ref.persona, ref.language), answers.get(customId(ref)) ?? { error: 'missing from the batch results' });
      await writeVariants(deps, edition, refs, { mode: 'replace', first });
      await clearMarks(deps, editionId, id, null); // rows it could not write (a persona deleted since)
      variants += refs.length;
    }
  }
  return { batches, variants };
}

async function clearMarks(deps: TldrDeps, editionId: number, batchId: string, reason: string | null) {
  await deps.db
    .update(tldrVariants)
    .set({ flagReason: reason, updatedAt: deps.clock.now().toISOString() })
    .where(and(eq(tldrVariants.editionId, editionId), eq(tldrVariants.flagReason, batchMark(batchId))));
}
