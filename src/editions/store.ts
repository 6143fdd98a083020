/** Edition data operations. */
import { desc, eq } from 'drizzle-orm';
import { createSelectSchema } from 'drizzle-zod';
import type { z } from 'zod';
import { editions, type Edition } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import { isDeletable, isEditable } from './lifecycle.js';
import { editionFieldsSchema, slugFor, type EditionFields, type EditionPatch } from './parse.js';

/** An edition as the admin API answers it: its row, the JSON columns with the shapes the input gives them. */
export const editionRowSchema = createSelectSchema(editions, {
  illustration: editionFieldsSchema.shape.illustration.unwrap(),
  next: editionFieldsSchema.shape.next.unwrap(),
});
/** An edition, whole (component `Edition` of the OpenAPI document). */
export const editionSchema = editionRowSchema.meta({ id: 'Edition' });
/** An edition in a list: without its body and TL;DR. */
export const editionSummarySchema = editionRowSchema.omit({ body: true, tldr: true }).meta({ id: 'EditionSummary' });
export type EditionSummary = z.output<typeof editionSummarySchema>;

export async function getEdition(db: Db, id: number): Promise<Edition | undefined> {
  return db.select().from(editions).where(eq(editions.id, id)).get();
}

export async function getEditionBySlug(db: Db, slug: string): Promise<Edition | undefined> {
  return db.select().from(editions).where(eq(editions.slug, slug)).get();
}

/** Finds an edition by its numeric id from a route parameter; anything else is a 404. */
export async function requireEdition(db: Db, idParam: string | number): Promise<Edition> {
  const id = typeof idParam === 'number' ? idParam : /^\d{1,12}$/.test(idParam) ? Number(idParam) : NaN;
  const e = Number.isSafeInteger(id) ? await getEdition(db, id) : undefined;
  if (!e) throw notFound('edition');
  return e;
}

export async function listEditions(db: Db): Promise<EditionSummary[]> {
  const rows = await db.select().from(editions).orderBy(desc(editions.number), desc(editions.id));
  return rows.map(({ body: _b, tldr: _t, ...rest }) => rest);
}

function row(fields: EditionFields) {
  return {
    ...fields,
    slug: fields.slug ?? slugFor(fields.number, fields.title),
    illustration: fields.illustration ?? null,
    next: fields.next ?? null,
  };
}

export async function createEdition(db: Db, fields: EditionFields, now: Date): Promise<Edition> {
  const values = row(fields);
  if (await getEditionBySlug(db, values.slug)) throw conflict(`an edition with slug "${values.slug}" already exists`);
  const iso = now.toISOString();
  const [created] = await db.insert(editions).values({ ...values, createdAt: iso, updatedAt: iso }).returning();
  return created;
}

/** Applies a patch (or a full replacement) to an edition that has not started sending. */
export async function updateEdition(db: Db, id: number, patch: EditionPatch | EditionFields, now: Date): Promise<Edition> {
  const current = await requireEdition(db, id);
  if (!isEditable(current.status)) {
    throw conflict(`edition is ${current.status}; only draft and scheduled editions can be edited`);
  }
  if (patch.slug && patch.slug !== current.slug && (await getEditionBySlug(db, patch.slug))) {
    throw conflict(`an edition with slug "${patch.slug}" already exists`);
  }
  if (Object.keys(patch).length === 0) throw new AppError('validation_error', 'body: nothing to change', { field: 'body' });
  await db.update(editions).set({ ...patch, updatedAt: now.toISOString() }).where(eq(editions.id, id));
  return requireEdition(db, id);
}

export async function deleteEdition(db: Db, id: number): Promise<void> {
  const current = await requireEdition(db, id);
  if (!isDeletable(current.status)) {
    throw conflict(`edition is ${current.status}; only draft and scheduled editions can be deleted`);
  }
  await db.delete(editions).where(eq(editions.id, id));
}
