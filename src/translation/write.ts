/**
 * Writing one translation: ask Claude, check the answer (shape, structure, figures both ways), ask
 * once more with the problem spelled out, and otherwise store a flagged fallback (its readers get
 * the original). Never throws because of the model: every path ends in a row to store.
 */
import type { Logger } from '../deps.js';
import { addUsage, estimateCostUsd, ZERO_USAGE } from '../tldr/pricing.js';
import type { SummaryUsage } from '../tldr/summarizer.js';
import { checkTranslation } from './check.js';
import { UNMETERED_TRANSLATION, type NewTranslation } from './store.js';
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
  return { language, title: '', dek: '', body: '', source: 'fallback', ...UNMETERED_TRANSLATION, ...extra };
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
  const started = performance.now();
  let usage = ZERO_USAGE;
  let cost = 0;
  let model: string | null = null;
  let correction: TranslationRequest['correction'];
  let reason = '';
  let refused: ArticleText | null = null;

  const spent = (u: SummaryUsage, m: string) => {
    usage = addUsage(usage, u);
    cost += estimateCostUsd(m, u);
    model = m;
  };
  const accounting = () => ({
    model,
    ...usage,
    costUsd: Math.round(cost * 1e6) / 1e6,
    durationMs: Math.round(performance.now() - started),
  });

  if (!ctx.translator) return fallback(language, { flagReason: 'Claude is not configured (no ANTHROPIC_API_KEY)' });
  if (ctx.state.unavailable) return fallback(language, { flagReason: ctx.state.unavailable });

  const article: ArticleText = { title: edition.title, dek: edition.dek, body: edition.body };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let answer: Translation;
    try {
      answer = await ctx.translator.translate({ article, from: edition.language, language, correction, signal: ctx.signal });
      spent(answer.usage, answer.model);
    } catch (err) {
      if (err instanceof TranslationFormatError) {
        spent(err.usage, err.model);
        reason = `Claude's answer was unusable: ${err.message}`;
        correction = undefined;
        continue;
      }
      // The SDK has already retried what was worth retrying: Claude is unavailable for this run.
      const why = `Claude was unavailable: ${errorText(err)}`;
      ctx.state.unavailable ??= why;
      ctx.log.warn(`translation ${language}: falling back to the original`, errorText(err));
      return fallback(language, { ...accounting(), flagReason: why });
    }
    // Title and dek are single lines (the title is the subject); the body keeps its Markdown.
    const translated: ArticleText = { title: oneLine(answer.title), dek: oneLine(answer.dek), body: answer.body.trim() };
    const check = checkTranslation(article, translated, { from: edition.language, language });
    if (check.ok) return { language, ...translated, source: 'claude', ...UNMETERED_TRANSLATION, ...accounting() };
    reason = check.reason;
    refused = translated;
    correction = { previous: translated, problem: check.problem };
  }

  ctx.log.warn(`translation ${language}: flagged for the editor`, reason);
  return fallback(language, { ...(refused ?? {}), ...accounting(), flagged: true, flagReason: reason });
}
