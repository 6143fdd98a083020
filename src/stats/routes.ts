/** Admin: `GET /api/admin/editions/:id/stats`. */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { requireEdition } from '../editions/store.js';
import { editionStats } from './edition-stats.js';

export function statsRoutes({ db }: AppDeps) {
  return new Hono().get('/:id/stats', async (c) => {
    const edition = await requireEdition(db, c.req.param('id'));
    return c.json(await editionStats(db, edition.id));
  });
}
