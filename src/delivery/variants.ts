/**
 * What a send needs to render its variants: the personas, each (persona, language)'s TL;DR, and
 * each language's article (translated when the edition asked for it).
 */
import type { AppConfig } from '../config/config.js';
import type { Edition } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { listPersonas } from '../personas/store.js';
import { fallbackText, resolveVariant, VariantMap } from '../tldr/plan.js';
import { listVariants } from '../tldr/store.js';
import { articleFor, originalUrl, translationContent } from '../translation/plan.js';
import { translationMap } from '../translation/store.js';
import { knownNext } from '../web/store.js';
import type { VariantSource } from './compose.js';

/**
 * The edition, its personas, TL;DRs and translations as a send renders them. The "Next article"
 * is kept only when it leads somewhere now: an email cannot be changed once sent.
 */
export async function loadVariantSource(db: Db, edition: Edition, config: Pick<AppConfig, 'baseUrl'>): Promise<VariantSource> {
  const personas = (await listPersonas(db)).map((p) => ({ slug: p.slug, label: p.label }));
  const variants = new VariantMap(await listVariants(db, edition.id), edition.language, fallbackText(edition));
  const translations = await translationMap(db, edition.id);
  const original = originalUrl(config.baseUrl, edition);
  return {
    edition: { ...edition, next: await knownNext(db, edition, config.baseUrl, edition.sendStartedAt) },
    personas,
    tldrFor(persona, language) {
      const { text, why, source, language: written } = resolveVariant(variants, persona, language);
      // The editor's fallback is in the edition's language.
      return { text, why, source, language: written ?? edition.language };
    },
    translationFor(language) {
      return translationContent(articleFor(edition, translations, language), language, original);
    },
  };
}
