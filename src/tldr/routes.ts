/**
 * Admin routes for an edition's TL;DR variants, mounted under /api/admin/editions:
 *   GET  /:id/tldrs                      the variants and their token/cost totals
 *   POST /:id/tldrs[?regenerate=persona] writes the missing variants (or rewrites a persona's)
 *   PUT  /:id/tldrs/:persona?lang=xx     the editor's own text for one variant
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import type { TldrVariant } from '../db/schema.js';
import { isEditable } from '../editions/lifecycle.js';
import { KB, limitBody } from '../http/body-limit.js';
import { requireEdition } from '../editions/store.js';
import { AppError, conflict } from '../http/errors.js';
import { readJson } from '../http/validate.js';
import { requirePersona } from '../personas/store.js';
import { normaliseLanguage } from '../subscribers/languages.js';
import { submitTldrJob } from './jobs.js';
import { generateVariants, planEditorRun } from './service.js';
import { listVariants, saveEditorVariant, tldrCostSummary } from './store.js';

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !/[\r\n]/.test(v), 'must be a single line');

const editorSchema = z
  .object({
    text: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
    why: oneLine(300).nullable().optional(),
  })
  .strict();

/** A variant as the admin API shows it. */
export const toVariantView = (v: TldrVariant) => ({
  id: v.id,
  persona: v.persona,
  language: v.language,
  text: v.text,
  why: v.why,
  source: v.source,
  flagged: v.flagged,
  flagReason: v.flagReason,
  pendingJob: v.pendingJob,
  model: v.model,
  inputTokens: v.inputTokens,
  outputTokens: v.outputTokens,
  cacheWriteTokens: v.cacheWriteTokens,
  cacheReadTokens: v.cacheReadTokens,
  costUsd: v.costUsd,
  durationMs: v.durationMs,
  updatedAt: v.updatedAt,
});

function languageParam(raw: string | undefined, fallback: string): string {
  if (raw === undefined || raw === '') return fallback;
  const code = normaliseLanguage(raw);
  if (!code) throw new AppError('validation_error', `lang: unsupported language "${raw}"`, { field: 'lang' });
  return code;
}

export function tldrRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const answer = async (editionId: number) => ({
    data: (await listVariants(db, editionId)).map(toVariantView),
    totals: await tldrCostSummary(db, editionId),
  });

  return new Hono()
    .get('/:id/tldrs', async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      return c.json(await answer(edition.id));
    })
    .post('/:id/tldrs', limitBody(1 * KB, 'a request to write the TL;DRs (it takes no body)'), async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const regenerate = c.req.query('regenerate');
      if (regenerate !== undefined && regenerate.trim() === '') {
        throw new AppError('validation_error', 'regenerate: must name a persona', { field: 'regenerate' });
      }
      if (deps.config.tldrMode === 'batch' && deps.summarizer?.batch && isEditable(edition.status)) {
        const { refs } = await planEditorRun(deps, edition, { regenerate });
        const job = await submitTldrJob(deps, edition, refs);
        return c.json({ ...(await answer(edition.id)), job }, job ? 202 : 200);
      }
      await generateVariants(deps, edition.id, { regenerate });
      return c.json(await answer(edition.id));
    })
    .put('/:id/tldrs/:persona', limitBody(32 * KB, "an editor's TL;DR"), async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const persona = await requirePersona(db, c.req.param('persona'));
      const language = languageParam(c.req.query('lang'), edition.language);
      const input = await readJson(c, editorSchema);
      if (!isEditable(edition.status)) throw conflict(`edition is ${edition.status}; its TL;DRs can no longer be edited`);
      const row = await saveEditorVariant(db, edition.id, { persona: persona.slug, language }, { text: input.text, why: input.why || null }, clock.now());
      if (!row) throw conflict('the send started meanwhile; its TL;DRs can no longer be edited');
      return c.json(toVariantView(row));
    });
}
