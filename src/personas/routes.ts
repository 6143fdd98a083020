/** Admin routes for personas: /api/admin/personas */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { KB, limitBody } from '../http/body-limit.js';
import { readJson, singleLine } from '../http/validate.js';
import { apiDoc, json } from '../openapi/describe.js';
import { createPersona, deletePersona, listPersonas, personaViewSchema, requirePersona, toPersonaView, updatePersona } from './store.js';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and dashes').max(40);
const label = singleLine(80).pipe(z.string().min(1, 'is required'));
const description = z.string().trim().min(10, 'must describe the reader in at least 10 characters').max(2000);

const createSchema = z.object({ slug, label, description, isDefault: z.boolean().optional() }).strict();
const patchSchema = z.object({ label, description, isDefault: z.boolean() }).partial().strict();
/** A 2,000-character description, even written as JSON \u escapes, fits in 16 KB. */
const personaLimit = limitBody(16 * KB, 'a persona');

/** The contract, as the OpenAPI document shows it (src/openapi/). */
const doc = apiDoc('Personas');
const params = { slug: "The persona's slug" };
const persona = (description: string) => ({ description, content: json(personaViewSchema) });
const docs = {
  list: doc({
    operationId: 'listPersonas',
    summary: 'List the personas',
    responses: { 200: { description: 'Every persona, in order', content: json(z.object({ data: z.array(personaViewSchema) })) } },
  }),
  create: doc({
    operationId: 'createPersona',
    summary: 'Create a persona',
    description: "The description is Claude's picture of that reader when it writes their TL;DR; `isDefault: true` makes it the persona new subscribers get.",
    body: { content: json(createSchema, { slug: 'student', label: 'Student', description: 'A university student who follows AI for their studies.' }) },
    responses: { 201: persona('The new persona') },
    errors: [400, 409, 413, 415],
  }),
  get: doc({ operationId: 'getPersona', summary: 'Get a persona', params, responses: { 200: persona('The persona') }, errors: [404] }),
  update: doc({
    operationId: 'updatePersona',
    summary: 'Change a persona',
    description: 'Only the fields given change. A persona stops being the default when another one becomes it (unsetting it is a 409).',
    params,
    body: { content: json(patchSchema, { label: 'University student' }) },
    responses: { 200: persona('The persona as it is now') },
    errors: [400, 404, 409, 413, 415],
  }),
  delete: doc({
    operationId: 'deletePersona',
    summary: 'Delete a persona',
    description: 'Its readers move to the default persona; the default persona itself cannot be deleted (409).',
    params,
    responses: { 204: { description: 'Deleted' } },
    errors: [404, 409],
  }),
};

export function personaRoutes({ db, clock }: AppDeps) {
  const now = () => clock.now().toISOString();
  return new Hono()
    .get('/', docs.list, async (c) => c.json({ data: (await listPersonas(db)).map(toPersonaView) }))
    .post('/', docs.create, personaLimit, async (c) => {
      const input = await readJson(c, createSchema);
      return c.json(toPersonaView(await createPersona(db, input, now())), 201);
    })
    .get('/:slug', docs.get, async (c) => c.json(toPersonaView(await requirePersona(db, c.req.param('slug')))))
    .patch('/:slug', docs.update, personaLimit, async (c) => {
      const patch = await readJson(c, patchSchema);
      return c.json(toPersonaView(await updatePersona(db, c.req.param('slug'), patch, now())));
    })
    .delete('/:slug', docs.delete, async (c) => {
      await deletePersona(db, c.req.param('slug'), now());
      return c.body(null, 204);
    });
}
