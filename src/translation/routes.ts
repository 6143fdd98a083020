/**
 * Admin routes for an edition's translations, mounted under /api/admin/editions next to the TL;DRs:
 *   GET  /:id/translations                 the translations and their token/cost totals
 *   POST /:id/translations[?regenerate=xx] turns translation on; translates the missing languages
 *   PUT  /:id/translations/:lang           the editor's own translation for one language
 */
import { createSelectSchema } from 'drizzle-zod';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { editionTranslations, type EditionTranslation } from '../db/schema.js';
import { isEditable } from '../editions/lifecycle.js';
import { MAX_BODY_BYTES } from '../editions/parse.js';
import { requireEdition, updateEdition } from '../editions/store.js';
import { KB, limitBody } from '../http/body-limit.js';
import { conflict, invalid } from '../http/errors.js';
import { readJson, singleLine } from '../http/validate.js';
import { apiDoc, json } from '../openapi/describe.js';
import { tldrCostSummarySchema } from '../tldr/store.js';
import { normaliseLanguage } from '../subscribers/languages.js';
import { primaryLanguage } from './plan.js';
import { generateTranslations } from './service.js';
import { listTranslations, saveEditorTranslation, translationCostSummary } from './store.js';


/** The editor's translation: the edition's own limits for each text. */
const editorSchema = z
  .object({
    title: singleLine(300).pipe(z.string().min(1, 'is required')),
    dek: singleLine(600).default(''),
    body: z
      .string()
      .refine((v) => v.trim().length > 0, 'is required')
      .refine((v) => Buffer.byteLength(v) <= MAX_BODY_BYTES, `must be at most ${MAX_BODY_BYTES} bytes`),
  })
  .strict();

/** A translation as the admin API shows it: its row, without what ties it to the edition. */
const translationViewSchema = createSelectSchema(editionTranslations).omit({ editionId: true, createdAt: true }).meta({ id: 'Translation' });
const translationsSchema = z
  .object({
    translate: z.boolean().describe('Whether the edition asked for translations (its send writes the missing ones)'),
    data: z.array(translationViewSchema),
    totals: tldrCostSummarySchema,
  })
  .meta({ id: 'Translations' });

/** The contract, as the OpenAPI document shows it (src/openapi/). */
const doc = apiDoc('Translations');
const params = { id: "The edition's id", lang: 'A language other than the edition\'s own (e.g. `es`)' };
const translations = (description: string) => ({ description, content: json(translationsSchema) });
const docs = {
  list: doc({ operationId: 'listTranslations', summary: "List an edition's translations", params, responses: { 200: translations('The translations and their token and cost totals') }, errors: [404] }),
  write: doc({
    operationId: 'writeTranslations',
    summary: 'Translate the edition with Claude',
    description:
      "Turns translation on for the edition and writes one translation per language its active readers read (other than the edition's). Every figure is checked against the original; a failing translation is flagged and never sent. Not once the edition is sending or sent (409).",
    params,
    query: z.object({ regenerate: z.string().optional().describe('A language translated again (absent: only the missing ones)') }),
    responses: { 200: translations('The translations as they are now') },
    errors: [400, 404, 409, 413],
  }),
  put: doc({
    operationId: 'putEditorTranslation',
    summary: "Write the editor's own translation for one language",
    description: 'Claude never overwrites it. Not once the edition is sending or sent (409).',
    params,
    body: { content: json(editorSchema, { title: 'Amazon apuesta 25.000 millones de dólares por Anthropic', dek: '', body: 'El cuerpo, en Markdown.' }) },
    responses: { 200: { description: 'The translation', content: json(translationViewSchema) } },
    errors: [400, 404, 409, 413, 415],
  }),
};

export const toTranslationView = (t: EditionTranslation): z.output<typeof translationViewSchema> => ({
  id: t.id,
  language: t.language,
  title: t.title,
  dek: t.dek,
  body: t.body,
  source: t.source,
  flagged: t.flagged,
  flagReason: t.flagReason,
  model: t.model,
  inputTokens: t.inputTokens,
  outputTokens: t.outputTokens,
  cacheWriteTokens: t.cacheWriteTokens,
  cacheReadTokens: t.cacheReadTokens,
  costUsd: t.costUsd,
  durationMs: t.durationMs,
  updatedAt: t.updatedAt,
});

/** A language other than the edition's own, as readers choose them. */
function languageOf(field: string, raw: string, editionLanguage: string): string {
  const code = normaliseLanguage(raw);
  if (!code) throw invalid(field, `unsupported language "${raw}"`);
  if (code === primaryLanguage(editionLanguage)) throw invalid(field, `"${code}" is the edition's own language`);
  return code;
}

export function translationRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const answer = async (editionId: number, translate: boolean): Promise<z.output<typeof translationsSchema>> => ({
    translate,
    data: (await listTranslations(db, editionId)).map(toTranslationView),
    totals: await translationCostSummary(db, editionId),
  });

  return new Hono()
    .get('/:id/translations', docs.list, async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      return c.json(await answer(edition.id, edition.translate));
    })
    .post('/:id/translations', docs.write, limitBody(1 * KB, 'a request to translate the edition (it takes no body)'), async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const raw = c.req.query('regenerate');
      const regenerate = raw === undefined ? undefined : languageOf('regenerate', raw, edition.language);
      const { edition: updated } = await generateTranslations(deps, edition.id, { regenerate });
      return c.json(await answer(updated.id, updated.translate));
    })
    .put('/:id/translations/:lang', docs.put, limitBody(256 * KB, `an editor's translation (its Markdown body at most ${MAX_BODY_BYTES} bytes)`), async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const language = languageOf('lang', c.req.param('lang'), edition.language);
      const input = await readJson(c, editorSchema);
      const frozen = () => conflict(`edition is ${edition.status}; its translations can no longer change`);
      if (!isEditable(edition.status)) throw frozen();
      const row = await saveEditorTranslation(db, edition.id, language, input, clock.now());
      if (!row) throw frozen();
      if (!edition.translate) await updateEdition(db, edition.id, { translate: true }, clock.now());
      return c.json(toTranslationView(row));
    });
}
