/** Admin routes for editions: /api/admin/editions */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { readEditionInput, readEditionPatch } from './input.js';
import { MAX_BODY_BYTES } from './parse.js';
import { discardGeneratedVariants, tldrCostSummary } from '../tldr/store.js';
import { discardGeneratedTranslations, translationCostSummary } from '../translation/store.js';
import { createEdition, deleteEdition, listEditions, requireEdition, updateEdition } from './store.js';

export const editionBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES + 64 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', `body: an edition is limited to ${MAX_BODY_BYTES} bytes of Markdown`, { field: 'body' });
  },
});

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
