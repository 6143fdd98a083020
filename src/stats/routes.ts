/** Admin: `GET /api/admin/editions/:id/stats`. */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { requireEdition } from '../editions/store.js';
import { apiDoc, json } from '../openapi/describe.js';
import { editionStats, editionStatsSchema } from './edition-stats.js';

/** The contract, as the OpenAPI document shows it (src/openapi/). */
const stats = apiDoc('Sending')({
  operationId: 'getEditionStats',
  summary: "An edition's numbers",
  description:
    'Sent, delivered, opened, clicked, bounced, complained and unsubscribed, per persona, per language and in total, and the readers per link. The same numbers before and after its rows fold into tallies.',
  params: { id: "The edition's id" },
  responses: { 200: { description: 'The numbers', content: json(editionStatsSchema) } },
  errors: [404],
});

export function statsRoutes({ db }: AppDeps) {
  return new Hono().get('/:id/stats', stats, async (c) => {
    const edition = await requireEdition(db, c.req.param('id'));
    return c.json(await editionStats(db, edition.id));
  });
}
