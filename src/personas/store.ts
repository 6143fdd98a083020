/** Persona data operations. */
import { asc, eq, sql } from 'drizzle-orm';
import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { atomically, type Statement } from '../db/atomic.js';
import { personas, subscribers, type Persona } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { conflict, notFound } from '../http/errors.js';
import { DEFAULT_PERSONAS } from './defaults.js';

/** A persona as the admin API answers it: the table's columns an editor sets, and its slug as its id. */
export const personaViewSchema = createSelectSchema(personas)
  .pick({ slug: true, label: true, description: true, isDefault: true })
  .extend({ id: z.string().describe('The slug: every resource answers an `id`') })
  .meta({ id: 'Persona' });
export type PersonaView = z.output<typeof personaViewSchema>;

export const toPersonaView = (p: Persona): PersonaView => ({
  id: p.slug,
  slug: p.slug,
  label: p.label,
  description: p.description,
  isDefault: p.isDefault,
});

export async function listPersonas(db: Db): Promise<Persona[]> {
  return db.select().from(personas).orderBy(asc(personas.position), asc(personas.slug));
}

export async function getPersona(db: Db, slug: string): Promise<Persona | undefined> {
  return db.select().from(personas).where(eq(personas.slug, slug)).get();
}

export async function requirePersona(db: Db, slug: string): Promise<Persona> {
  const p = await getPersona(db, slug);
  if (!p) throw notFound(`persona "${slug}"`);
  return p;
}

/** The persona new subscribers get when none is given. */
export async function defaultPersona(db: Db): Promise<Persona> {
  const p =
    (await db.select().from(personas).where(eq(personas.isDefault, true)).get()) ??
    (await db.select().from(personas).orderBy(asc(personas.position)).get());
  if (!p) throw notFound('default persona');
  return p;
}

export async function createPersona(
  db: Db,
  input: { slug: string; label: string; description: string; isDefault?: boolean },
  now: string,
): Promise<Persona> {
  if (await getPersona(db, input.slug)) throw conflict(`persona "${input.slug}" already exists`);
  const max = await db.select({ m: sql<number>`coalesce(max(${personas.position}), -1)` }).from(personas).get();
  const statements: Statement[] = [];
  if (input.isDefault) statements.push(db.update(personas).set({ isDefault: false, updatedAt: now }));
  statements.push(
    db.insert(personas).values({ ...input, isDefault: input.isDefault ?? false, position: (max?.m ?? -1) + 1, createdAt: now, updatedAt: now }),
  );
  await atomically(db, () => statements);
  return requirePersona(db, input.slug);
}

export async function updatePersona(
  db: Db,
  slug: string,
  patch: { label?: string; description?: string; isDefault?: boolean },
  now: string,
): Promise<Persona> {
  const current = await requirePersona(db, slug);
  if (patch.isDefault === false && current.isDefault) {
    throw conflict('make another persona the default instead of unsetting this one');
  }
  const statements: Statement[] = [];
  if (patch.isDefault) statements.push(db.update(personas).set({ isDefault: false, updatedAt: now }));
  statements.push(db.update(personas).set({ ...patch, updatedAt: now }).where(eq(personas.slug, slug)));
  await atomically(db, () => statements);
  return requirePersona(db, slug);
}

/** Deletes a persona; its readers move to the default persona. The default cannot be deleted. */
export async function deletePersona(db: Db, slug: string, now: string): Promise<void> {
  const p = await requirePersona(db, slug);
  if (p.isDefault) throw conflict('the default persona cannot be deleted; make another persona the default first');
  const fallback = await defaultPersona(db);
  await atomically(db, () => [
    db.update(subscribers).set({ persona: fallback.slug, updatedAt: now }).where(eq(subscribers.persona, slug)),
    db.delete(personas).where(eq(personas.slug, slug)),
  ]);
}

/** On an empty database, creates the four default personas. */
export async function ensureDefaultPersonas(db: Db, now: string): Promise<boolean> {
  const any = await db.select({ slug: personas.slug }).from(personas).limit(1).get();
  if (any) return false;
  await db.insert(personas).values(DEFAULT_PERSONAS.map((p, i) => ({ ...p, position: i, createdAt: now, updatedAt: now })));
  return true;
}
