/**
 * Which translations an edition needs, which of them to write, and which article a reader gets.
 * Pure: the service reads the database, asks this module, then acts.
 */
import type { EditionTranslation, TranslationSource } from '../db/schema.js';
import type { TranslationContent } from '../render/types.js';

/** "pt-BR" → "pt": translations are kept per primary language, as readers choose them. */
export const primaryLanguage = (code: string): string => code.trim().toLowerCase().split(/[-_]/)[0];

/**
 * The languages an edition is translated into: those of its readers (active ones, or the audience
 * snapshot), other than the edition's own, that readers may choose; sorted, each once.
 */
export function wantedLanguages(editionLanguage: string, audience: Iterable<string>, isLanguage: (code: string) => boolean): string[] {
  const own = primaryLanguage(editionLanguage);
  const out = new Set<string>();
  for (const raw of audience) {
    const code = primaryLanguage(raw);
    if (code !== own && isLanguage(code)) out.add(code);
  }
  return [...out].sort();
}

/** What the planner needs to know of a stored translation. */
export type StoredTranslation = Pick<EditionTranslation, 'language' | 'source' | 'flagged'>;

export interface TranslationPolicy {
  /** Translate this language again (unless the editor wrote it). */
  regenerate?: string;
  /** Try Claude again where it was unavailable (not where it was wrong). Only before a send. */
  retryUnavailable?: boolean;
}

/** The wanted languages to translate now: missing ones, plus those the policy asks to redo. */
export function languagesToWrite(wanted: string[], stored: StoredTranslation[], policy: TranslationPolicy = {}): string[] {
  const byLanguage = new Map(stored.map((t) => [t.language, t]));
  const candidates = policy.regenerate && byLanguage.has(policy.regenerate) ? [...wanted, policy.regenerate] : wanted;
  const out: string[] = [];
  for (const language of new Set(candidates)) {
    const t = byLanguage.get(language);
    const write =
      !t ||
      (t.source !== 'editor' && policy.regenerate === language) ||
      (policy.retryUnavailable === true && t.source === 'fallback' && !t.flagged);
    if (write) out.push(language);
  }
  return out;
}

/** A translation readers may get: the editor's, or Claude's that passed the guard. */
export const isUsable = (t: { source: TranslationSource }): boolean => t.source !== 'fallback';

/** The article a reader of one language gets. */
export type ReaderArticle =
  | { kind: 'original' }
  | { kind: 'translated'; translation: EditionTranslation }
  /** The edition asked for translations, but none is usable in this language: the original, saying so. */
  | { kind: 'untranslated' };

/**
 * The article for a reader of `language`: the original when the edition was not translated or is
 * already in their language; otherwise its usable translation, else the original, labelled.
 */
export function articleFor(
  edition: { translate: boolean; language: string },
  translations: ReadonlyMap<string, EditionTranslation>,
  language: string,
): ReaderArticle {
  const code = primaryLanguage(language);
  if (!edition.translate || code === primaryLanguage(edition.language)) return { kind: 'original' };
  const t = translations.get(code);
  return t && isUsable(t) ? { kind: 'translated', translation: t } : { kind: 'untranslated' };
}

/** The web version in the edition's own language: where "Read the original" leads (`base` '' for a site path). */
export function originalUrl(base: string, edition: { slug: string; language: string }): string {
  return `${base}/editions/${encodeURIComponent(edition.slug)}?lang=${encodeURIComponent(primaryLanguage(edition.language))}`;
}

/**
 * What the email and the web version show for a reader of `language`: the translated texts with
 * their credit and the link to the original, the note that none was usable, or nothing.
 */
export function translationContent(article: ReaderArticle, language: string, original: string): TranslationContent | null {
  if (article.kind === 'original') return null;
  if (article.kind === 'untranslated') return { kind: 'untranslated', language: primaryLanguage(language) };
  const t = article.translation;
  return {
    kind: 'translated',
    language: t.language,
    title: t.title,
    dek: t.dek,
    body: t.body,
    source: t.source === 'editor' ? 'editor' : 'claude',
    originalUrl: original,
  };
}
