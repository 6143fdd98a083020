/** Admin routes for personas: /api/admin/personas */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { KB, limitBody } from '../http/body-limit.js';
import { readJson } from '../http/validate.js';
import { createPersona, deletePersona, listPersonas, requirePersona, toPersonaView, updatePersona } from './store.js';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and dashes').max(40);
const label = z.string().trim().min(1, 'is required').max(80).refine((v) => !/[\r\n]/.test(v), 'must be a single line');
const description = z.string().trim().min(10, 'must describe the reader in at least 10 characters').max(2000);

const createSchema = z.object({ slug, label, description, isDefault: z.boolean().optional() }).strict();
const patchSchema = z.object({ label, description, isDefault: z.boolean() }).partial().strict();
/** A 2,000-character description, even written as JSON \u escapes, fits in 16 KB. */
const personaLimit = limitBody(16 * KB, 'a persona');

export function personaRoutes({ db, clock }: AppDeps) {
  const now = () => clock.now().toISOString();
  return new Hono()
    .get('/', async (c) => c.json({ data: (await listPersonas(db)).map(toPersonaView) }))
    .post('/', personaLimit, async (c) => {
      const input = await readJson(c, createSchema);
      return c.json(toPersonaView(await createPersona(db, input, now())), 201);
    })
    .get('/:slug', async (c) => c.json(toPersonaView(await requirePersona(db, c.req.param('slug')))))
    .patch('/:slug', personaLimit, async (c) => {
      const patch = await readJson(c, patchSchema);
      return c.json(toPersonaView(await updatePersona(db, c.req.param('slug'), patch, now())));
    })
    .delete('/:slug', async (c) => {
      await deletePersona(db, c.req.param('slug'), now());
      return c.body(null, 204);
    });
}
