import type { CoreDeps } from '../deps.js';
import { ensureVariants } from '../tldr/service.js';
import { ensureTranslations } from '../translation/service.js';
import type { PrepareTldrs } from './batch.js';

/**
 * What Claude writes before a send's first batch: the TL;DR variants its audience needs and, when
 * the edition asked for them, the translations into its audience's languages (side by side: each
 * caches its own prefix). Never throws; what Claude cannot write falls back, and what is stored
 * is never changed again, so every batch of the send shows the same text.
 */
export function tldrStep(deps: CoreDeps): PrepareTldrs {
  return async (edition, pairs) => {
    await Promise.all([
      ensureVariants(deps, edition.id, { pairs }),
      ensureTranslations(deps, edition, pairs.map((p) => p.language)),
    ]);
  };
}
