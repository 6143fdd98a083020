import type { CoreDeps } from '../deps.js';
import { ensureVariants } from '../tldr/service.js';
import type { PrepareTldrs } from './batch.js';

/** The TL;DR step that runs before a send: writes the variants its audience needs, never throws. */
export function tldrStep(deps: CoreDeps): PrepareTldrs {
  return async (edition, pairs) => {
    await ensureVariants(deps, edition.id, { pairs });
  };
}
