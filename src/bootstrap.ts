/** First start: an empty database gets the default personas and the sample edition as a draft. */
import type { Db } from './db/types.js';
import { ensureSeedEdition } from './editions/seed.js';
import { ensureDefaultPersonas } from './personas/store.js';

export async function bootstrap(db: Db, seedMarkdown: string, now: Date): Promise<{ fresh: boolean }> {
  const fresh = await ensureDefaultPersonas(db, now.toISOString());
  if (fresh) await ensureSeedEdition(db, seedMarkdown, now);
  return { fresh };
}
