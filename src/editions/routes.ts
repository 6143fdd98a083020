/** Admin routes for editions: /api/admin/editions */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { readEditionInput, readEditionPatch } from './input.js';
import { MAX_BODY_BYTES } from './parse.js';
import { createEdition, deleteEdition, listEditions, requireEdition, updateEdition } from './store.js';

export const editionBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES + 64 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', `body: an edition is limited to ${MAX_BODY_BYTES} bytes of Markdown`, { field: 'body' });
  },
});

export function editionRoutes({ db, clock }: AppDeps) {
  return new Hono()
    .get('/', async (c) => c.json({ data: await listEditions(db) }))
    .post('/', editionBodyLimit, async (c) => {
      const fields = await readEditionInput(c);
      return c.json(await createEdition(db, fields, clock.now()), 201);
    })
    .get('/:id', async (c) => c.json(await requireEdition(db, c.req.param('id'))))
    .patch('/:id', editionBodyLimit, async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      const patch = await readEditionPatch(c);
      return c.json(await updateEdition(db, edition.id, patch, clock.now()));
    })
    .delete('/:id', async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      await deleteEdition(db, edition.id);
      return c.body(null, 204);
    });
}
