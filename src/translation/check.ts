/**
 * The faithfulness guard for a translation: the same Markdown structure, and every figure of the
 * title, dek and body kept, compared by value across languages with the TL;DR guard's
 * `checkFigures` in both directions (a figure the original lacks was changed or invented; a
 * figure of the original the translation lacks was changed or dropped). Pure.
 */
import { checkFigures } from '../tldr/guard.js';
import { structureProblems, visibleText } from './structure.js';
import type { ArticleText } from './translator.js';

export type TranslationCheck =
  | { ok: true }
  | {
      ok: false;
      /** Every problem, in words for the model's second try. */
      problem: string;
      /** The short reason kept on a flagged translation for the editor. */
      reason: string;
    };

/** What the guard reads figures from: the texts a reader sees. */
const readable = (a: ArticleText) => [a.title, a.dek, visibleText(a.body)].join('\n');

/**
 * Checks `translated` (in `language`) against `original` (in `from`): structure first, then the
 * figures both ways, then that the body was translated at all and the dek is present exactly
 * when the original has one.
 */
export function checkTranslation(original: ArticleText, translated: ArticleText, languages: { from: string; language: string }): TranslationCheck {
  const problems: string[] = [];
  const reasons: string[] = [];

  const structure = structureProblems(original.body, translated.body);
  if (structure.length) {
    problems.push(...structure);
    reasons.push(`Structure changed: ${structure.join('; ')}`);
  }

  const source = readable(original);
  const target = readable(translated);
  const added = checkFigures(target, source, { summary: languages.language, article: languages.from }).unsupported;
  const dropped = checkFigures(source, target, { summary: languages.from, article: languages.language }).unsupported;
  if (added.length) {
    problems.push(`these figures are not in the original: ${added.join(', ')}`);
    reasons.push(`Figures not in the original: ${added.join(', ')}`);
  }
  if (dropped.length) {
    problems.push(`these figures of the original are missing or changed: ${dropped.join(', ')}`);
    reasons.push(`Figures of the original missing: ${dropped.join(', ')}`);
  }

  if (translated.body.trim() === original.body.trim()) problems.push('the body is the original, untranslated; translate it');
  if (original.dek.trim() && !translated.dek.trim()) problems.push('the dek is missing; translate it too');
  if (!original.dek.trim() && translated.dek.trim()) problems.push('the article has no dek; leave "dek" empty');
  // Only the dek or an untranslated body were wrong: the reason is the problem itself.
  if (problems.length && !reasons.length) reasons.push(`The answer was unusable: ${problems.join('; ')}`);

  return problems.length ? { ok: false, problem: problems.join('; '), reason: reasons.join('. ') } : { ok: true };
}
