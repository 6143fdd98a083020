/**
 * `TLDR_MODE=batch`: an edition's variants go to Claude as one **TL;DR job** on the Message
 * Batches API (half the price, results within 24 h), and the scheduler's tick collects them with
 * `collectTldrJobs`.
 *
 * While a job runs, each of its variants is a stored row whose `pendingJob` names the job (a
 * missing variant is stored as the fallback meanwhile, so a send that starts before the results
 * still has an honest TL;DR). That column is the whole bookkeeping: it survives restarts, and a row
 * the editor rewrote or another run replaced no longer carries it.
 */
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import type { CoreDeps } from '../deps.js';
import { tldrVariants, type Edition } from '../db/schema.js';
import { isEditable } from '../editions/lifecycle.js';
import { getEdition } from '../editions/store.js';
import { listPersonas } from '../personas/store.js';
import { UNMETERED, variantKey, type VariantRef } from './plan.js';
import { editionSource, writeVariants } from './service.js';
import { saveGenerated } from './store.js';
import type { BatchResult, SummaryRequest } from './summarizer.js';
import type { FirstAnswer } from './write.js';

type TldrDeps = Pick<CoreDeps, 'db' | 'summarizer' | 'clock' | 'log'>;

const customId = (ref: VariantRef) => `${ref.persona}_${ref.language}`;

/**
 * Submits `refs` as one TL;DR job and marks their rows as waiting for it. Returns the job (null
 * when there was nothing to write). If the job cannot be submitted, the variants are written right
 * away instead (which falls back if Claude is unavailable).
 */
export async function submitTldrJob(deps: TldrDeps, edition: Edition, refs: VariantRef[]): Promise<{ id: string; requests: number } | null> {
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
    deps.log.warn('TL;DR job could not be submitted; writing the variants now', err instanceof Error ? err.message : err);
    await writeVariants(deps, edition, todo, { mode: 'replace' });
    return null;
  }
  const source = editionSource(edition);
  const now = deps.clock.now();
  for (const ref of todo) {
    await saveGenerated(deps.db, edition.id, { ...ref, text: source.fallback, why: null, source: 'fallback', ...UNMETERED, pendingJob: id }, now, 'missing');
    await deps.db
      .update(tldrVariants)
      .set({ pendingJob: id, updatedAt: now.toISOString() })
      .where(and(eq(tldrVariants.editionId, edition.id), eq(tldrVariants.persona, ref.persona), eq(tldrVariants.language, ref.language), ne(tldrVariants.source, 'editor')));
  }
  return { id, requests: items.length };
}

function firstAnswer(r: BatchResult): FirstAnswer {
  if (r.ok) return { summary: r.summary };
  if (r.malformed) return { malformed: r.error, usage: r.usage };
  return { error: `the batch request failed (${r.error})` };
}

/**
 * For the scheduler's tick: collects every ended TL;DR job and stores its variants (checked like
 * any other; a figure the article lacks is re-asked at once, at the normal price). Results that
 * arrive after the edition started sending are dropped: its variants must not change mid-send.
 */
export async function collectTldrJobs(deps: TldrDeps): Promise<{ jobs: number; variants: number }> {
  const batch = deps.summarizer?.batch;
  if (!batch) return { jobs: 0, variants: 0 };
  const waiting = await deps.db.select().from(tldrVariants).where(isNotNull(tldrVariants.pendingJob));
  const byJob = new Map<string, typeof waiting>();
  for (const row of waiting) byJob.set(row.pendingJob!, [...(byJob.get(row.pendingJob!) ?? []), row]);
  let jobs = 0;
  let variants = 0;
  for (const [id, rows] of byJob) {
    let results: BatchResult[] | null;
    try {
      results = await batch.collect(id);
    } catch (err) {
      deps.log.warn(`TL;DR job ${id} could not be read; will try again`, err instanceof Error ? err.message : err);
      continue;
    }
    if (!results) continue;
    jobs++;
    const answers = new Map(results.map((r) => [r.id, firstAnswer(r)]));
    for (const editionId of new Set(rows.map((r) => r.editionId))) {
      const edition = await getEdition(deps.db, editionId);
      const refs = rows.filter((r) => r.editionId === editionId).map((r) => ({ persona: r.persona, language: r.language }));
      if (!edition || !isEditable(edition.status)) {
        await clearJob(deps, editionId, id, 'The job results arrived after the send started');
        continue;
      }
      const first = new Map<string, FirstAnswer>();
      for (const ref of refs) first.set(variantKey(ref.persona, ref.language), answers.get(customId(ref)) ?? { error: 'missing from the job results' });
      await writeVariants(deps, edition, refs, { mode: 'replace', first });
      await clearJob(deps, editionId, id, null); // rows it could not write (a persona deleted since)
      variants += refs.length;
    }
  }
  return { jobs, variants };
}

/** Rows still waiting for job `jobId` stop waiting (with `reason` as their flag, if any). */
async function clearJob(deps: TldrDeps, editionId: number, jobId: string, reason: string | null) {
  const set = { pendingJob: null, updatedAt: deps.clock.now().toISOString(), ...(reason ? { flagReason: reason } : {}) };
  await deps.db.update(tldrVariants).set(set).where(and(eq(tldrVariants.editionId, editionId), eq(tldrVariants.pendingJob, jobId)));
}
