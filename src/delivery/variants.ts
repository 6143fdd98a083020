/** What a send needs to render its variants: the personas and each (persona, language)'s TL;DR. */
import { eq } from 'drizzle-orm';
import { tldrVariants, type Edition } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { listPersonas } from '../personas/store.js';
import type { TldrContent } from '../render/types.js';
import type { VariantSource } from './compose.js';
import { variantKey } from './compose.js';

export async function loadVariantSource(db: Db, edition: Edition): Promise<VariantSource> {
  const personas = (await listPersonas(db)).map((p) => ({ slug: p.slug, label: p.label }));
  const rows = await db.select().from(tldrVariants).where(eq(tldrVariants.editionId, edition.id));
  const byKey = new Map(rows.map((r) => [variantKey(r.persona, r.language), r]));
  const fallback: TldrContent = { text: edition.tldr || edition.dek, why: null, source: edition.tldr ? 'editor' : 'fallback' };
  return {
    edition,
    personas,
    tldrFor(persona, language) {
      const v = byKey.get(variantKey(persona, language));
      return v ? { text: v.text, why: v.why, source: v.source } : fallback;
    },
  };
}
