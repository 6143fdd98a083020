/**
 * The translation service: decides (plan.ts) which languages to translate, writes them (write.ts)
 * with the article cached by the first call and read by the others, and stores them (store.ts).
 *
 * For the delivery engine: `ensureTranslations` before the first batch. For the editor:
 * `generateTranslations` (the admin routes). Neither ever fails because of Claude.
 */
import type { CoreDeps } from '../deps.js';
import type { Edition } from '../db/schema.js';
import { isEditable } from '../editions/lifecycle.js';
import { requireEdition, updateEdition } from '../editions/store.js';
import { conflict } from '../http/errors.js';
import { isLanguage } from '../tldr/service.js';
import { activeAudience } from '../tldr/store.js';
import { runCacheFirst } from '../tldr/write.js';
import { languagesToWrite, wantedLanguages } from './plan.js';
import { listTranslations, saveGeneratedTranslation } from './store.js';
import { writeTranslation, type TranslationRunState, type TranslationSourceText } from './write.js';

/** How many calls run at once after the first (which runs alone to write the cache). */
export const TRANSLATION_CONCURRENCY = 4;

type TranslationDeps = Pick<CoreDeps, 'db' | 'translator' | 'clock' | 'log'>;

/** The edition fields a translation is written from. */
export function sourceText(edition: Edition): TranslationSourceText {
  return { title: edition.title, dek: edition.dek, body: edition.body, language: edition.language };
}

/** Translates `languages` (first alone, then a few at a time) and stores them. */
export async function writeTranslations(
  deps: TranslationDeps,
  edition: Edition,
  languages: string[],
  options: { mode: 'missing' | 'replace'; signal?: AbortSignal },
): Promise<void> {
  const source = sourceText(edition);
  const state: TranslationRunState = { unavailable: null };
  await runCacheFirst(languages, TRANSLATION_CONCURRENCY, async (language) => {
    const row = await writeTranslation({ translator: deps.translator, log: deps.log, state, signal: options.signal }, source, language);
    await saveGeneratedTranslation(deps.db, edition.id, row, deps.clock.now(), options.mode);
  });
}

/**
 * For the delivery engine, before the first batch: when the edition asked for translations,
 * writes the missing ones for the languages of `audience` (the snapshot's). Stored ones never
 * change here, so every batch of a send, retried or resumed, shows the same text. Never throws
 * because of Claude: a language it cannot translate is stored as a fallback (the original).
 */
export async function ensureTranslations(deps: TranslationDeps, edition: Edition, audience: string[]): Promise<void> {
  if (!edition.translate) return;
  const wanted = wantedLanguages(edition.language, audience, isLanguage);
  const todo = languagesToWrite(wanted, await listTranslations(deps.db, edition.id));
  try {
    await writeTranslations(deps, edition, todo, { mode: 'missing' });
  } catch (err) {
    // writeTranslation never throws for Claude; this is the database. Readers get the original.
    deps.log.error('translations could not all be written; those languages get the original', err);
  }
}

/**
 * The editor's "translate this edition": turns translation on for it, and translates every
 * language of its active readers other than its own that is missing (or where Claude was
 * unavailable), or `regenerate`'s again. Only before the send starts: translations are frozen then.
 */
export async function generateTranslations(deps: TranslationDeps, editionId: number, options: { regenerate?: string } = {}) {
  let edition = await requireEdition(deps.db, editionId);
  if (!isEditable(edition.status)) throw conflict(`edition is ${edition.status}; its translations can no longer change`);
  if (!edition.translate) edition = await updateEdition(deps.db, edition.id, { translate: true }, deps.clock.now());
  const audience = (await activeAudience(deps.db)).map((a) => a.language);
  const wanted = wantedLanguages(edition.language, audience, isLanguage);
  const todo = languagesToWrite(wanted, await listTranslations(deps.db, edition.id), { regenerate: options.regenerate, retryUnavailable: true });
  await writeTranslations(deps, edition, todo, { mode: 'replace' });
  return { edition, written: todo, translations: await listTranslations(deps.db, edition.id) };
}
