/** Admin routes for editions: /api/admin/editions */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { KB, limitBody } from '../http/body-limit.js';
import { readEditionInput, readEditionPatch } from './input.js';
import { MAX_BODY_BYTES } from './parse.js';
import { discardGeneratedVariants, tldrCostSummary } from '../tldr/store.js';
import { discardGeneratedTranslations, translationCostSummary } from '../translation/store.js';
import { createEdition, deleteEdition, listEditions, requireEdition, updateEdition } from './store.js';

/** The Markdown body's limit (200,000 bytes) plus room for the front matter or the JSON around it. */
export const editionBodyLimit = limitBody(256 * KB, `an edition (its Markdown body at most ${MAX_BODY_BYTES} bytes)`);

/** The fields a TL;DR or a translation is written from. */
const CONTENT_FIELDS = ['title', 'dek', 'body', 'tldr', 'language'] as const;

export function editionRoutes({ db, clock }: AppDeps) {
  return new Hono()
    .get('/', async (c) => c.json({ data: await listEditions(db) }))
    .post('/', editionBodyLimit, async (c) => {
      const fields = await readEditionInput(c);
      return c.json(await createEdition(db, fields, clock.now()), 201);
    })
    .get('/:id', async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      return c.json({ ...edition, tldrCost: await tldrCostSummary(db, edition.id), translationCost: await translationCostSummary(db, edition.id) });
    })
    .patch('/:id', editionBodyLimit, async (c) => {
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
    .delete('/:id', async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      await deleteEdition(db, edition.id);
      return c.body(null, 204);
    });
}
