/** Admin routes for editions: /api/admin/editions */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { KB, limitBody } from '../http/body-limit.js';
import { apiDoc, json, type Media } from '../openapi/describe.js';
import { MARKDOWN_TYPES, markdownJsonSchema, readEditionInput, readEditionPatch } from './input.js';
import { editionFieldsSchema, editionPatchSchema, MAX_BODY_BYTES } from './parse.js';
import { discardGeneratedVariants, tldrCostSummary, tldrCostSummarySchema } from '../tldr/store.js';
import { createEdition, deleteEdition, editionRowSchema, editionSchema, editionSummarySchema, listEditions, requireEdition, updateEdition } from './store.js';
import { discardGeneratedTranslations, translationCostSummary } from '../translation/store.js';

/** The Markdown body's limit (200,000 bytes) plus room for the front matter or the JSON around it. */
export const editionBodyLimit = limitBody(256 * KB, `an edition (its Markdown body at most ${MAX_BODY_BYTES} bytes)`);

/** The fields a TL;DR or a translation is written from. */
const CONTENT_FIELDS = ['title', 'dek', 'body', 'tldr', 'language'] as const;

/** The contract, as the OpenAPI document shows it (src/openapi/). */
const doc = apiDoc('Editions');
const params = { id: "The edition's id" };
const MARKDOWN_EXAMPLE = '---\nnumber: 58\ntitle: "Amazon just bet $25 billion on Anthropic"\ndate: 2026-04-21\n---\nBody in Markdown, with `##` section headings.\n';
const markdown: Media = {
  schema: {
    type: 'string',
    description: `Markdown with YAML front matter: the fields of the JSON form but \`body\` (YAML only), then the body (at most ${MAX_BODY_BYTES} bytes).`,
  },
  example: MARKDOWN_EXAMPLE,
};
/** The edition as Markdown (each media type it is accepted as), or the same as JSON: its fields, or the file as `{markdown}`. */
const editionContent = (fields: z.ZodType, example: unknown) => ({
  ...Object.fromEntries([...MARKDOWN_TYPES].map((type) => [type, markdown])),
  'application/json': { schema: z.union([fields, markdownJsonSchema]), example },
});
const edition = (description: string) => ({ description, content: json(editionSchema) });
const editionWithCost = editionRowSchema
  .extend({ tldrCost: tldrCostSummarySchema, translationCost: tldrCostSummarySchema.describe("The translations' token use and price (the same shape)") })
  .meta({ id: 'EditionWithCost' });
const docs = {
  list: doc({
    operationId: 'listEditions',
    summary: 'List the editions',
    responses: { 200: { description: 'Every edition, newest number first, without bodies', content: json(z.object({ data: z.array(editionSummarySchema) })) } },
  }),
  create: doc({
    operationId: 'createEdition',
    summary: 'Create an edition',
    description: 'A draft, from Markdown with front matter or from the same fields as JSON. Bad input is a 400 naming the field; nothing is stored half-way.',
    body: { content: editionContent(editionFieldsSchema, { number: 60, title: 'A third edition', date: '2026-05-05', body: 'Body in Markdown.' }) },
    responses: { 201: edition('The new edition') },
    errors: [400, 409, 413, 415],
  }),
  get: doc({
    operationId: 'getEdition',
    summary: 'Get an edition',
    params,
    responses: { 200: { description: "The edition, with its TL;DRs' and translations' token use and price", content: json(editionWithCost) } },
    errors: [404],
  }),
  update: doc({
    operationId: 'updateEdition',
    summary: 'Change an edition',
    description:
      'JSON changes the fields given; Markdown replaces the whole edition (the slug stays unless given). A change to the text drops the TL;DRs written from the old one, except the editor\'s own. An edition that is sending or sent cannot change (409).',
    params,
    body: { content: editionContent(editionPatchSchema, { dek: 'A sharper dek' }) },
    responses: { 200: edition('The edition as it is now') },
    errors: [400, 404, 409, 413, 415],
  }),
  delete: doc({
    operationId: 'deleteEdition',
    summary: 'Delete an edition',
    description: 'Only before its send starts (409 once sending or sent).',
    params,
    responses: { 204: { description: 'Deleted' } },
    errors: [404, 409],
  }),
};

export function editionRoutes({ db, clock }: AppDeps) {
  return new Hono()
    .get('/', docs.list, async (c) => c.json({ data: await listEditions(db) }))
    .post('/', docs.create, editionBodyLimit, async (c) => {
      const fields = await readEditionInput(c);
      return c.json(await createEdition(db, fields, clock.now()), 201);
    })
    .get('/:id', docs.get, async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const answer: z.output<typeof editionWithCost> = {
        ...edition,
        tldrCost: await tldrCostSummary(db, edition.id),
        translationCost: await translationCostSummary(db, edition.id),
      };
      return c.json(answer);
    })
    .patch('/:id', docs.update, editionBodyLimit, async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const patch = await readEditionPatch(c);
      const updated = await updateEdition(db, edition.id, patch, clock.now());
      // TL;DRs and translations written from the old text no longer fit; the editor's own ones stay.
      if (CONTENT_FIELDS.some((f) => f in patch)) {
        await discardGeneratedVariants(db, edition.id);
        await discardGeneratedTranslations(db, edition.id);
      }
      return c.json(updated);
    })
    .delete('/:id', docs.delete, async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      await deleteEdition(db, edition.id);
      return c.body(null, 204);
    });
}
