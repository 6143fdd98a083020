/**
 * TL;DR benchmark: the seed edition (#0058) × 4 personas × 2 languages (en, es) written through
 * the real route and the real SDK against the local Anthropic imitation (tokens ≈ chars / 4,
 * cache rules per the prompt-caching docs). Prints the calls made, input tokens sent uncached
 * vs read from the cache, the estimated cost at list price vs the same calls without caching,
 * and the share of input served from the cache on variants 2..N (goal ≥ 80%). Then, side by
 * side per language, what the TL;DRs cost and what translating the whole edition costs
 * (bench/translation.ts).
 *
 * `npm run bench -- tldr`, or on its own: `npx tsx bench/tldr.ts [model]`.
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { subscribers } from '../src/db/schema.js';
import { AnthropicSummarizer } from '../src/tldr/anthropic-summarizer.js';
import { estimateCostUsd, uncachedCostUsd } from '../src/tldr/pricing.js';
import { tldrCostSummary } from '../src/tldr/store.js';
import { startFakeAnthropic, type CallRecord } from '../tests/fakes/anthropic-server.js';
import { makeTestApp } from '../tests/helpers/app.js';
import { FAITHFUL, readerOf } from '../tests/tldr/helpers.js';
import { formatTranslation, measureTranslation } from './translation.js';

export const CACHE_SHARE_GOAL = 0.8;
const PERSONAS = ['everyday', 'executive', 'engineer', 'investor'];
const LANGUAGES = ['en', 'es'];

export interface TldrFigures {
  model: string;
  variants: number;
  calls: number;
  uncachedInput: number;
  cacheWrite: number;
  cacheRead: number;
  output: number;
  costUsd: number;
  costWithoutCacheUsd: number;
  /** Of the input tokens of variants 2..N, the share read from the cache. */
  cacheShare: number;
  /** Of the cached prefix (instructions + article) of variants 2..N, the share read from the cache. */
  prefixShare: number;
  ms: number;
}

const inputOf = (c: CallRecord) => c.usage.input_tokens + (c.usage.cache_creation_input_tokens ?? 0) + (c.usage.cache_read_input_tokens ?? 0);
const prefixOf = (c: CallRecord) => (c.request.system as { text: string }[]).reduce((n, b) => n + Math.ceil(b.text.length / 4), 0);

/** Runs the seed edition's 8 variants on `model` and returns the figures. */
export async function measureTldr(model = 'claude-sonnet-4-6'): Promise<TldrFigures> {
  const fake = await startFakeAnthropic({
    respond: (req) => ({ json: { tldr: `${FAITHFUL} (${readerOf(req).persona})`, why: 'It changes what you should watch next.' } }),
  });
  const summarizer = new AnthropicSummarizer({ apiKey: 'sk-ant-test', baseURL: fake.url, model });
  const t = await makeTestApp({ summarizer });
  try {
    let i = 0;
    for (const persona of PERSONAS) {
      for (const language of LANGUAGES) {
        i++;
        await t.deps.db.insert(subscribers).values({ id: `b${i}`, email: `b${i}@example.com`, persona, language, status: 'active' });
      }
    }
    const started = performance.now();
    const res = await t.admin('/editions/1/tldrs', { method: 'POST' });
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`POST /tldrs answered ${res.status}: ${await res.text()}`);
    const variants = ((await res.json()) as { data: unknown[] }).data.length;
    const totals = await tldrCostSummary(t.deps.db, 1);
    const usage = { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, cacheWriteTokens: totals.cacheWriteTokens, cacheReadTokens: totals.cacheReadTokens };
    const rest = fake.calls.slice(1);
    const sum = (f: (c: CallRecord) => number) => rest.reduce((n, c) => n + f(c), 0);
    return {
      model,
      variants,
      calls: fake.calls.length,
      uncachedInput: totals.inputTokens,
      cacheWrite: totals.cacheWriteTokens,
      cacheRead: totals.cacheReadTokens,
      output: totals.outputTokens,
      costUsd: estimateCostUsd(model, usage),
      costWithoutCacheUsd: uncachedCostUsd(model, usage),
      cacheShare: sum((c) => c.usage.cache_read_input_tokens ?? 0) / Math.max(1, sum(inputOf)),
      prefixShare: sum((c) => c.usage.cache_read_input_tokens ?? 0) / Math.max(1, sum(prefixOf)),
      ms,
    };
  } finally {
    t.close();
    await fake.close();
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const usd = (x: number) => `$${x.toFixed(4)}`;

export function formatTldr(f: TldrFigures): string {
  const saved = 1 - f.costUsd / f.costWithoutCacheUsd;
  return [
    `tldr: seed edition #0058, ${PERSONAS.length} personas × ${LANGUAGES.length} languages on ${f.model} (local fake, tokens ≈ chars/4)`,
    `  variants written        ${f.variants} in ${f.calls} calls (${f.ms.toFixed(0)} ms)`,
    `  input tokens            ${f.uncachedInput} uncached + ${f.cacheWrite} cache write + ${f.cacheRead} cache read; output ${f.output}`,
    `  cost at list price      ${usd(f.costUsd)} vs ${usd(f.costWithoutCacheUsd)} without caching (${pct(saved)} saved)`,
    `  variants 2..N           ${pct(f.cacheShare)} of input tokens from the cache (goal ≥ ${pct(CACHE_SHARE_GOAL)}: ${f.cacheShare >= CACHE_SHARE_GOAL ? 'met' : 'NOT met'}); ${pct(f.prefixShare)} of the instructions + article prefix`,
  ].join('\n');
}

export async function benchTldr(): Promise<void> {
  const main = await measureTldr('claude-sonnet-4-6');
  console.log(formatTldr(main));
  // Haiku 4.5 and Opus 4.5 only cache prefixes of 4,096 tokens or more; this edition is shorter.
  for (const model of ['claude-haiku-4-5', 'claude-opus-4-7']) {
    const f = await measureTldr(model);
    console.log(`  on ${model.padEnd(20)} ${pct(f.cacheShare)} from the cache, ${usd(f.costUsd)} (prefix below the model's 4,096-token minimum)`);
  }
  console.log(formatTranslation(await measureTranslation('claude-sonnet-4-6')));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const model = process.argv[2];
  if (model) {
    console.log(formatTldr(await measureTldr(model)));
    console.log(formatTranslation(await measureTranslation(model)));
  } else await benchTldr();
}
