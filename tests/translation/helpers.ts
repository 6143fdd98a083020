/**
 * Translation test plumbing: the real app with one real SDK client (TL;DRs and translations)
 * pointed at the fake Anthropic server, which answers TL;DR requests faithfully and translation
 * requests with its pseudo-translation (tests/fakes/anthropic-translate.ts).
 */
import { eq } from 'drizzle-orm';
import { editions } from '../../src/db/schema.js';
import { AnthropicSummarizer, type AnthropicSummarizerOptions } from '../../src/tldr/anthropic-summarizer.js';
import { isTranslationRequest, readTranslationRequest, withTranslations, type ArticleParts, type TranslationAsk } from '../fakes/anthropic-translate.js';
import { startFakeAnthropic, type CallRecord, type FakeAnthropic, type FakeAnthropicOptions } from '../fakes/anthropic-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import type { AppConfig } from '../../src/config/config.js';
import type { EngineOptions } from '../../src/delivery/index.js';
import type { Mailer } from '../../src/mail/port.js';
import { faithful, MODEL, SEED_EDITION_ID } from '../tldr/helpers.js';

export { addReaders } from '../tldr/helpers.js';
export { MODEL, SEED_EDITION_ID };

export interface TranslationHarness {
  t: TestApp;
  fake: FakeAnthropic;
  claude: AnthropicSummarizer;
  /** Answers translations with `pseudoTranslate`, then `edit` of it (TL;DRs faithfully). */
  translateWith(edit?: (t: ArticleParts, ask: TranslationAsk) => ArticleParts): void;
  close(): Promise<void>;
}

export async function translationHarness(
  options: {
    fake?: FakeAnthropicOptions;
    claude?: Partial<AnthropicSummarizerOptions>;
    config?: Partial<AppConfig>;
    env?: Record<string, string>;
    mailer?: Mailer;
    engine?: EngineOptions;
    /** No Claude at all (no key): the app gets neither a summarizer nor a translator. */
    noKey?: boolean;
  } = {},
): Promise<TranslationHarness> {
  const fake = await startFakeAnthropic({ respond: withTranslations(faithful), ...options.fake });
  const claude = new AnthropicSummarizer({ apiKey: 'sk-ant-test', baseURL: fake.url, model: MODEL, timeoutMs: 5_000, ...options.claude });
  const t = await makeTestApp({
    summarizer: options.noKey ? null : claude,
    translator: options.noKey ? null : claude,
    config: options.config,
    env: options.env,
    mailer: options.mailer,
    engine: options.engine,
  });
  return {
    t,
    fake,
    claude,
    translateWith: (edit) => fake.setResponder(withTranslations(faithful, edit)),
    async close() {
      t.close();
      await fake.close();
    },
  };
}

/** The translation calls the fake answered, with the language each asked for. */
export function translationCalls(fake: FakeAnthropic): (CallRecord & { ask: TranslationAsk })[] {
  return fake.calls.filter((c) => isTranslationRequest(c.request)).map((c) => ({ ...c, ask: readTranslationRequest(c.request) }));
}

/** Turns translation on for the seed edition, as `translate: true` in its front matter would. */
export async function askForTranslation(t: TestApp, on = true) {
  await t.deps.db.update(editions).set({ translate: on }).where(eq(editions.id, SEED_EDITION_ID));
}

export interface TranslationView {
  id: number;
  language: string;
  title: string;
  dek: string;
  body: string;
  source: 'claude' | 'editor' | 'fallback';
  flagged: boolean;
  flagReason: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export interface TranslationsAnswer {
  translate: boolean;
  data: TranslationView[];
  totals: { calls: number; inputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; outputTokens: number; costUsd: number };
}

export const translationsPath = (suffix = '') => `/editions/${SEED_EDITION_ID}/translations${suffix}`;
