/**
 * Writing one variant: ask Claude, check the answer (shape, length, plain prose, figures), ask
 * once more with the problem spelled out, and otherwise fall back to the editor's text. Never
 * throws because of the model: every path ends in a variant to store.
 */
import type { Logger } from '../deps.js';
import type { Persona } from '../db/schema.js';
import { checkFigures } from './guard.js';
import { checkSummary } from './output.js';
import { UNMETERED, type VariantRef } from './plan.js';
import { startMeter, ZERO_USAGE } from './pricing.js';
import { articleText } from './prompt.js';
import type { NewVariant } from './store.js';
import { SummaryFormatError, type Summarizer, type Summary, type SummaryRequest, type SummaryUsage } from './summarizer.js';

/** The edition fields a variant is written from. */
export interface EditionSource {
  title: string;
  dek: string;
  body: string;
  language: string;
  fallback: string;
}

/** Shared by the variants of one run: once Claude is unreachable, the rest fall back at once. */
export interface RunState {
  unavailable: string | null;
}

/** What a first attempt already produced (the Message Batches route). */
export type FirstAnswer =
  | { summary: Summary }
  | { malformed: string; usage?: SummaryUsage; model?: string }
  | { error: string };

export interface WriteContext {
  summarizer: Summarizer | null;
  log: Logger;
  state: RunState;
  signal?: AbortSignal;
  /** The first attempt's answer when it came from a batch (billed at half price). */
  first?: FirstAnswer;
}

const MAX_ATTEMPTS = 2;

function fallbackVariant(ref: VariantRef, edition: EditionSource, extra: Partial<NewVariant>): NewVariant {
  return {
    ...ref,
    text: edition.fallback,
    why: null,
    source: 'fallback',
    ...UNMETERED,
    ...extra,
  };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

/** Writes one variant. Never throws: whatever goes wrong ends in the fallback. */
export async function writeVariant(ctx: WriteContext, edition: EditionSource, persona: Persona, language: string): Promise<NewVariant> {
  try {
    return await attemptVariant(ctx, edition, persona, language);
  } catch (err) {
    ctx.log.error(`TL;DR ${persona.slug}/${language}: unexpected failure; falling back`, err);
    const flagReason = `The answer could not be checked: ${errorText(err)}`;
    return fallbackVariant({ persona: persona.slug, language }, edition, { flagged: true, flagReason });
  }
}

async function attemptVariant(ctx: WriteContext, edition: EditionSource, persona: Persona, language: string): Promise<NewVariant> {
  const ref = { persona: persona.slug, language };
  const meter = startMeter();
  let correction: SummaryRequest['correction'];
  let problem = '';
  let figures: string[] = [];

  if (!ctx.summarizer) return fallbackVariant(ref, edition, {});
  if (ctx.state.unavailable && !ctx.first) return fallbackVariant(ref, edition, { flagReason: ctx.state.unavailable });

  const source = articleText(edition);
  const request: SummaryRequest = {
    article: { title: edition.title, dek: edition.dek, body: edition.body },
    persona: { slug: persona.slug, label: persona.label, description: persona.description },
    language,
    signal: ctx.signal,
  };

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let summary: Summary;
    const first = attempt === 0 ? ctx.first : undefined;
    try {
      if (first && 'error' in first) throw new Error(first.error);
      if (first && 'malformed' in first) throw new SummaryFormatError(first.malformed, first.model ?? ctx.summarizer.model, first.usage ?? ZERO_USAGE);
      summary = first && 'summary' in first ? first.summary : await ctx.summarizer.summarize({ ...request, correction });
      meter.spent(summary.usage, summary.model, { batch: Boolean(first) });
    } catch (err) {
      if (err instanceof SummaryFormatError) {
        meter.spent(err.usage, err.model, { batch: Boolean(first) });
        problem = err.message;
        figures = [];
        correction = undefined;
        continue;
      }
      // The SDK has already retried what was worth retrying: Claude is unavailable for this run.
      const reason = `Claude was unavailable: ${errorText(err)}`;
      if (!first) ctx.state.unavailable ??= reason;
      ctx.log.warn(`TL;DR ${ref.persona}/${ref.language}: falling back`, errorText(err));
      return fallbackVariant(ref, edition, { ...meter.reading(), flagReason: reason });
    }

    const checked = checkSummary(summary, language);
    if (!checked.ok) {
      problem = checked.problem;
      figures = [];
      correction = { previous: { tldr: summary.tldr, why: summary.why }, problem };
      continue;
    }
    const guard = checkFigures(`${checked.tldr}\n${checked.why}`, source, { summary: language, article: edition.language });
    if (!guard.ok) {
      figures = guard.unsupported;
      problem = `these figures are not in the article: ${figures.join(', ')}`;
      correction = { previous: { tldr: checked.tldr, why: checked.why }, problem };
      continue;
    }
    return { ...ref, text: checked.tldr, why: checked.why, source: 'claude', flagged: false, flagReason: null, pendingJob: null, ...meter.reading() };
  }

  const flagReason = figures.length
    ? `Figures not in the article: ${figures.join(', ')}`
    : `Claude's answer was unusable twice: ${problem}`;
  ctx.log.warn(`TL;DR ${ref.persona}/${ref.language}: flagged for the editor`, flagReason);
  return fallbackVariant(ref, edition, { ...meter.reading(), flagged: true, flagReason });
}

/**
 * Runs `work` over `items`: the first alone (it writes the prompt cache that the others then
 * read), the rest with at most `concurrency` at a time.
 */
export async function runCacheFirst<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  if (items.length === 0) return;
  await work(items[0]);
  let next = 1;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length - 1) }, lane));
}
