/**
 * Estimated cost of a model call at list price (USD per million tokens), from
 * https://platform.claude.com/docs/en/about-claude/pricing. Prompt caching: a 5-minute cache
 * write costs 1.25× the input price and a cache read 0.1×; the Message Batches API halves
 * everything. An estimate for the editor's eyes, not an invoice.
 */
import type { SummaryUsage } from './summarizer.js';

export interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

export const CACHE_WRITE_MULTIPLIER = 1.25;
export const CACHE_READ_MULTIPLIER = 0.1;
export const BATCH_MULTIPLIER = 0.5;

/** Model families and their list prices; the first match wins. */
const PRICES: [RegExp, ModelPrice][] = [
  [/opus-4-(?:[5-9])|opus-4\.[5-9]/, { input: 5, output: 25 }],
  [/opus-(?:4|3)/, { input: 15, output: 75 }],
  [/sonnet-(?:4|3-7)/, { input: 3, output: 15 }],
  [/haiku-4/, { input: 1, output: 5 }],
  [/haiku-3-5/, { input: 0.8, output: 4 }],
];

/** Used for a model id the table does not know: the Sonnet price, the default model's. */
export const DEFAULT_PRICE: ModelPrice = { input: 3, output: 15 };

export function priceOf(model: string): ModelPrice {
  return PRICES.find(([re]) => re.test(model))?.[1] ?? DEFAULT_PRICE;
}

/** USD for `usage` on `model`, rounded to a millionth of a dollar. */
export function estimateCostUsd(model: string, usage: SummaryUsage, options: { batch?: boolean } = {}): number {
  const p = priceOf(model);
  const perToken =
    usage.inputTokens * p.input +
    usage.cacheWriteTokens * p.input * CACHE_WRITE_MULTIPLIER +
    usage.cacheReadTokens * p.input * CACHE_READ_MULTIPLIER +
    usage.outputTokens * p.output;
  const usd = (perToken / 1_000_000) * (options.batch ? BATCH_MULTIPLIER : 1);
  return Math.round(usd * 1e6) / 1e6;
}

/** What the same calls would have cost without caching: every cached token billed as input. */
export function uncachedCostUsd(model: string, usage: SummaryUsage, options: { batch?: boolean } = {}): number {
  return estimateCostUsd(
    model,
    {
      inputTokens: usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens,
      cacheWriteTokens: 0,
      cacheReadTokens: 0,
      outputTokens: usage.outputTokens,
    },
    options,
  );
}

export const ZERO_USAGE: SummaryUsage = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });

export function addUsage(a: SummaryUsage, b: SummaryUsage): SummaryUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  };
}

/** What one piece of writing cost so far: tokens, dollars, the last model, time since the meter started. */
export interface Metered extends SummaryUsage {
  model: string | null;
  costUsd: number;
  durationMs: number;
}

/**
 * Counts the model calls behind one TL;DR or translation (a first try and its re-asks): `spent`
 * after each answer, `reading` for the row's bookkeeping columns.
 */
export function startMeter() {
  const started = performance.now();
  let usage = ZERO_USAGE;
  let cost = 0;
  let model: string | null = null;
  return {
    spent(u: SummaryUsage, m: string, options: { batch?: boolean } = {}) {
      usage = addUsage(usage, u);
      cost += estimateCostUsd(m, u, options);
      model = m;
    },
    reading(): Metered {
      return { model, ...usage, costUsd: Math.round(cost * 1e6) / 1e6, durationMs: Math.round(performance.now() - started) };
    },
  };
}
