/**
 * TL;DR test plumbing: the real app with the real Anthropic SDK pointed at the fake Anthropic
 * server, active subscribers to make an audience, and responders that answer like Claude would.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { subscribers } from '../../src/db/schema.js';
import { AnthropicSummarizer, type AnthropicSummarizerOptions } from '../../src/tldr/anthropic-summarizer.js';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions, type MessageRequest, type Responder } from '../fakes/anthropic-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import type { AppConfig } from '../../src/config/config.js';

export const MODEL = 'claude-sonnet-4-6';
export const SEED_EDITION_ID = 1;

/** A 50-word TL;DR whose figures are all in the seed edition. */
export const FAITHFUL =
  'Amazon committed another $25 billion to Anthropic, valuing it at roughly $380 billion, and Anthropic promised to spend more than $100 billion on AWS over ten years. Revenue reportedly grew from $9 billion to over $30 billion. Amazon also backs OpenAI, so it wins whichever model company leads the market.';

/** Who the request was for: the persona label and language line of the reader message. */
export function readerOf(req: MessageRequest): { persona: string; language: string } {
  const first = req.messages[0];
  const text = typeof first.content === 'string' ? first.content : '';
  return {
    persona: /Persona: (.+)/.exec(text)?.[1] ?? '?',
    language: /for this reader, in (.+)\.$/m.exec(text)?.[1] ?? '?',
  };
}

/** The text of the request's last user turn. */
export function lastUserText(req: MessageRequest): string {
  const m = req.messages[req.messages.length - 1];
  return typeof m.content === 'string' ? m.content : (m.content.find((b) => b.type === 'text') as Anthropic.TextBlockParam | undefined)?.text ?? '';
}

/** Answers every request with a faithful TL;DR naming the reader, as JSON (output_config). */
export const faithful: Responder = (req) => {
  const r = readerOf(req);
  return { json: { tldr: `${FAITHFUL} Written for the ${r.persona}.`, why: `It changes what the ${r.persona} should watch next.` } };
};

/** Answers with `bad` for the first `times` requests of each reader, then faithfully. */
export function badThenFaithful(bad: Responder, times = 1): Responder {
  const seen = new Map<string, number>();
  return (req, ctx) => {
    const key = JSON.stringify(readerOf(req));
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n < times ? bad(req, ctx) : faithful(req, ctx);
  };
}

export interface TldrHarness {
  t: TestApp;
  fake: FakeAnthropic;
  summarizer: AnthropicSummarizer;
  close(): Promise<void>;
}

/** The app on a fresh database with the seed edition, and the SDK talking to a fake Anthropic. */
export async function tldrHarness(
  options: {
    fake?: FakeAnthropicOptions;
    summarizer?: Partial<AnthropicSummarizerOptions>;
    config?: Partial<AppConfig>;
  } = {},
): Promise<TldrHarness> {
  const fake = await startFakeAnthropic({ respond: faithful, ...options.fake });
  const summarizer = new AnthropicSummarizer({ apiKey: 'sk-ant-test', baseURL: fake.url, model: MODEL, timeoutMs: 5_000, ...options.summarizer });
  const t = await makeTestApp({ summarizer, config: options.config });
  return {
    t,
    fake,
    summarizer,
    async close() {
      t.close();
      await fake.close();
    },
  };
}

let n = 0;
/** Adds active subscribers, one per (persona, language). */
export async function addReaders(t: TestApp, pairs: [persona: string, language: string][], status: 'active' | 'pending' = 'active') {
  for (const [persona, language] of pairs) {
    n++;
    await t.deps.db.insert(subscribers).values({ id: `sub_${n}_${persona}_${language}`, email: `r${n}-${persona}@example.com`, persona, language, status });
  }
}

/** Usage the fake recorded for a (persona label, language name) request, in call order. */
export function usageFor(fake: FakeAnthropic, persona: string, language: string) {
  return fake.calls.filter((c) => {
    const r = readerOf(c.request);
    return r.persona === persona && r.language.startsWith(language);
  });
}
