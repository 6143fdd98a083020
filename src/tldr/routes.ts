/**
 * Admin routes for an edition's TL;DR variants, mounted under /api/admin/editions:
 *   GET  /:id/tldrs                      the variants and their token/cost totals
 *   POST /:id/tldrs[?regenerate=persona] writes the missing variants (or rewrites a persona's)
 *   PUT  /:id/tldrs/:persona?lang=xx     the editor's own text for one variant
 */
import { createSelectSchema } from 'drizzle-zod';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { tldrVariants, type TldrVariant } from '../db/schema.js';
import { isEditable } from '../editions/lifecycle.js';
import { KB, limitBody } from '../http/body-limit.js';
import { requireEdition } from '../editions/store.js';
import { AppError, conflict } from '../http/errors.js';
import { parseWith, readJson, singleLine } from '../http/validate.js';
import { apiDoc, json } from '../openapi/describe.js';
import { requirePersona } from '../personas/store.js';
import { normaliseLanguage } from '../subscribers/languages.js';
import { submitTldrJob } from './jobs.js';
import { generateVariants, planEditorRun } from './service.js';
import { listVariants, saveEditorVariant, tldrCostSummary, tldrCostSummarySchema } from './store.js';


const editorSchema = z
  .object({
    text: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
    why: singleLine(300).nullable().optional(),
  })
  .strict();

const writeQuery = z.object({
  regenerate: z
    .string()
    .refine((v) => v.trim() !== '', 'must name a persona')
    .optional()
    .describe("A persona whose variants are written again, in every language (absent: only the missing variants)"),
});
const editorQuery = z.object({ lang: z.string().optional().describe("The variant's language (default: the edition's)") });

/** A variant as the admin API shows it: its row, without what ties it to the edition. */
const variantViewSchema = createSelectSchema(tldrVariants).omit({ editionId: true, createdAt: true }).meta({ id: 'TldrVariant' });
const variantsSchema = z
  .object({
    data: z.array(variantViewSchema),
    totals: tldrCostSummarySchema,
    job: z.object({ id: z.string(), requests: z.number().int() }).optional().describe('TLDR_MODE=batch: the Message Batches job the variants wait for'),
  })
  .meta({ id: 'TldrVariants' });

/** The contract, as the OpenAPI document shows it (src/openapi/). */
const doc = apiDoc('TL;DRs');
const params = { id: "The edition's id", persona: "The persona's slug" };
const variants = (description: string) => ({ description, content: json(variantsSchema) });
const docs = {
  list: doc({ operationId: 'listTldrs', summary: "List an edition's TL;DR variants", params, responses: { 200: variants('The variants and their token and cost totals') }, errors: [404] }),
  write: doc({
    operationId: 'writeTldrs',
    summary: 'Write the missing TL;DR variants with Claude',
    description:
      'One variant per persona and language of the active audience (and every persona for the web). Claude failing falls back to the editor\'s TL;DR. With `TLDR_MODE=batch` the variants go to a Message Batches job (202) that the scheduler collects.',
    params,
    query: writeQuery,
    responses: { 200: variants('The variants as they are now'), 202: variants('Submitted as a job; the variants wait for it') },
    errors: [400, 404, 413],
  }),
  put: doc({
    operationId: 'putEditorTldr',
    summary: "Write the editor's own TL;DR for one variant",
    description: 'Claude never overwrites it. Not once the edition is sending or sent (409).',
    params,
    query: editorQuery,
    body: { content: json(editorSchema, { text: 'El resumen del editor…', why: '…' }) },
    responses: { 200: { description: 'The variant', content: json(variantViewSchema) } },
    errors: [400, 404, 409, 413, 415],
  }),
};

/** A variant as the admin API shows it. */
export const toVariantView = (v: TldrVariant): z.output<typeof variantViewSchema> => ({
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
  const answer = async (editionId: number): Promise<z.output<typeof variantsSchema>> => ({
    data: (await listVariants(db, editionId)).map(toVariantView),
    totals: await tldrCostSummary(db, editionId),
  });

  return new Hono()
    .get('/:id/tldrs', docs.list, async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      return c.json(await answer(edition.id));
    })
    .post('/:id/tldrs', docs.write, limitBody(1 * KB, 'a request to write the TL;DRs (it takes no body)'), async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const { regenerate } = parseWith(writeQuery, c.req.query());
      if (deps.config.tldrMode === 'batch' && deps.summarizer?.batch && isEditable(edition.status)) {
        const { refs } = await planEditorRun(deps, edition, { regenerate });
        const job = await submitTldrJob(deps, edition, refs);
        return c.json({ ...(await answer(edition.id)), job }, job ? 202 : 200);
      }
      await generateVariants(deps, edition.id, { regenerate });
      return c.json(await answer(edition.id));
    })
    .put('/:id/tldrs/:persona', docs.put, limitBody(32 * KB, "an editor's TL;DR"), async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const persona = await requirePersona(db, c.req.param('persona'));
      const language = languageParam(parseWith(editorQuery, c.req.query()).lang, edition.language);
      const input = await readJson(c, editorSchema);
      if (!isEditable(edition.status)) throw conflict(`edition is ${edition.status}; its TL;DRs can no longer be edited`);
      const row = await saveEditorVariant(db, edition.id, { persona: persona.slug, language }, { text: input.text, why: input.why || null }, clock.now());
      if (!row) throw conflict('the send started meanwhile; its TL;DRs can no longer be edited');
      return c.json(toVariantView(row));
    });
}
