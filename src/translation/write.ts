/**
 * Writing one translation: ask Claude, check the answer (shape, structure, figures both ways), ask
 * once more with the problem spelled out, and otherwise store a flagged fallback (its readers get
 * the original). Never throws because of the model: every path ends in a row to store.
 */
import type { Logger } from '../deps.js';
import { UNMETERED_WRITING } from '../tldr/plan.js';
import { startMeter } from '../tldr/pricing.js';
import { checkTranslation } from './check.js';
import type { NewTranslation } from './store.js';
import { TranslationFormatError, type ArticleText, type Translation, type TranslationRequest, type Translator } from './translator.js';

/** The edition as a translation is written from it. */
export interface TranslationSourceText extends ArticleText {
  /** The edition's language. */
  language: string;
}

/** Shared by the languages of one run: once Claude is unreachable, the rest fall back at once. */
export interface TranslationRunState {
  unavailable: string | null;
}

export interface TranslateContext {
  translator: Translator | null;
  log: Logger;
  state: TranslationRunState;
  signal?: AbortSignal;
}

const MAX_ATTEMPTS = 2;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

/** No usable translation: its readers get the original. Flagged ones keep Claude's text for review. */
function fallback(language: string, extra: Partial<NewTranslation>): NewTranslation {
  return { language, title: '', dek: '', body: '', source: 'fallback', ...UNMETERED_WRITING, ...extra };
}

/** Writes one translation. Never throws: whatever goes wrong ends in the fallback. */
export async function writeTranslation(ctx: TranslateContext, edition: TranslationSourceText, language: string): Promise<NewTranslation> {
  try {
    return await attemptTranslation(ctx, edition, language);
  } catch (err) {
    ctx.log.error(`translation ${language}: unexpected failure; falling back`, err);
    return fallback(language, { flagged: true, flagReason: `The answer could not be checked: ${errorText(err)}` });
  }
}

async function attemptTranslation(ctx: TranslateContext, edition: TranslationSourceText, language: string): Promise<NewTranslation> {
  const meter = startMeter();
  let correction: TranslationRequest['correction'];
  let reason = '';
  let refused: ArticleText | null = null;

  if (!ctx.translator) return fallback(language, { flagReason: 'Claude is not configured (no ANTHROPIC_API_KEY)' });
  if (ctx.state.unavailable) return fallback(language, { flagReason: ctx.state.unavailable });

  const article: ArticleText = { title: edition.title, dek: edition.dek, body: edition.body };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let answer: Translation;
    try {
      answer = await ctx.translator.translate({ article, from: edition.language, language, correction, signal: ctx.signal });
      meter.spent(answer.usage, answer.model);
    } catch (err) {
      if (err instanceof TranslationFormatError) {
        meter.spent(err.usage, err.model);
        reason = `Claude's answer was unusable: ${err.message}`;
        correction = undefined;
        continue;
      }
      // The SDK has already retried what was worth retrying: Claude is unavailable for this run.
      const why = `Claude was unavailable: ${errorText(err)}`;
      ctx.state.unavailable ??= why;
      ctx.log.warn(`translation ${language}: falling back to the original`, errorText(err));
      return fallback(language, { ...meter.reading(), flagReason: why });
    }
    // Title and dek are single lines (the title is the subject); the body keeps its Markdown.
    const translated: ArticleText = { title: oneLine(answer.title), dek: oneLine(answer.dek), body: answer.body.trim() };
    const check = checkTranslation(article, translated, { from: edition.language, language });
    if (check.ok) return { language, ...translated, source: 'claude', ...UNMETERED_WRITING, ...meter.reading() };
    reason = check.reason;
    refused = translated;
    correction = { previous: translated, problem: check.problem };
  }

  ctx.log.warn(`translation ${language}: flagged for the editor`, reason);
  return fallback(language, { ...(refused ?? {}), ...meter.reading(), flagged: true, flagReason: reason });
}
