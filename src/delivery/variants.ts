/** What a send needs to render its variants: the personas and each (persona, language)'s TL;DR. */
import type { Edition } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { listPersonas } from '../personas/store.js';
import { fallbackText, resolveVariant, VariantMap } from '../tldr/plan.js';
import { listVariants } from '../tldr/store.js';
import type { VariantSource } from './compose.js';

export async function loadVariantSource(db: Db, edition: Edition): Promise<VariantSource> {
  const personas = (await listPersonas(db)).map((p) => ({ slug: p.slug, label: p.label }));
  const variants = new VariantMap(await listVariants(db, edition.id), edition.language, fallbackText(edition));
  return {
    edition,
    personas,
    tldrFor(persona, language) {
      const { text, why, source } = resolveVariant(variants, persona, language);
      return { text, why, source };
    },
  };
}
