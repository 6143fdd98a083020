/**
 * The Summarizer (and the Translator of src/translation/), implemented with Claude through
 * `@anthropic-ai/sdk` — the only file in the project importing the SDK. The requests themselves
 * are built by prompt.ts and src/translation/prompt.ts; this file sends them, reads the structured
 * answers and the token usage, and talks to the Message Batches API.
 *
 * The SDK's own retries stay on (408/409/429/5xx and connection errors, with backoff) and every
 * attempt has a timeout. Errors propagate: deciding what a failed call means is the service's job.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { parseTranslationJson } from '../translation/output.js';
import { buildTranslationRequest } from '../translation/prompt.js';
import { TranslationFormatError, type Translation, type TranslationRequest, type Translator } from '../translation/translator.js';
import { parseSummaryJson } from './output.js';
import { buildMessageRequest } from './prompt.js';
import {
  SummaryFormatError,
  type BatchItem,
  type BatchResult,
  type BatchSummarizer,
  type Summarizer,
  type Summary,
  type SummaryRequest,
  type SummaryUsage,
} from './summarizer.js';

export interface AnthropicSummarizerOptions {
  apiKey: string;
  /** The API's address; tests point it at a local server. Default: the SDK's. */
  baseURL?: string;
  /** Model id, e.g. `claude-sonnet-4-6` (config `TLDR_MODEL`). */
  model: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** The SDK's retries. Default 2. */
  maxRetries?: number;
  /**
   * Per attempt of a translation, which writes a whole edition (a few thousand tokens take a
   * minute or two). Default 10 min, the longest the SDK allows a request that is not streamed.
   */
  translationTimeoutMs?: number;
}

function usageOf(u: Anthropic.Messages.Usage | undefined | null): SummaryUsage {
  return {
    inputTokens: u?.input_tokens ?? 0,
    outputTokens: u?.output_tokens ?? 0,
    cacheWriteTokens: u?.cache_creation_input_tokens ?? 0,
    cacheReadTokens: u?.cache_read_input_tokens ?? 0,
  };
}

/** The answer's JSON text: the text blocks (output_config), or a tool's input if one was used. */
function answerText(message: Anthropic.Messages.Message): string {
  const tool = message.content.find((b) => b.type === 'tool_use');
  return tool && 'input' in tool ? JSON.stringify(tool.input) : message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
}

const stoppedEarly = (message: Anthropic.Messages.Message) => message.stop_reason === 'max_tokens' || message.stop_reason === 'refusal';

/** The structured answer of a TL;DR request. */
function readAnswer(message: Anthropic.Messages.Message, model: string): Summary {
  const usage = usageOf(message.usage);
  const answered = message.model || model;
  if (stoppedEarly(message)) throw new SummaryFormatError(`the model stopped early (${message.stop_reason})`, answered, usage);
  const parsed = parseSummaryJson(answerText(message));
  if (!parsed.ok) throw new SummaryFormatError(parsed.problem, answered, usage);
  return { tldr: parsed.value.tldr, why: parsed.value.why, model: answered, usage };
}

/** The structured answer of a translation request; a translation cut short is never usable. */
function readTranslation(message: Anthropic.Messages.Message, model: string): Translation {
  const usage = usageOf(message.usage);
  const answered = message.model || model;
  if (stoppedEarly(message)) throw new TranslationFormatError(`the model stopped early (${message.stop_reason})`, answered, usage);
  const parsed = parseTranslationJson(answerText(message));
  if (!parsed.ok) throw new TranslationFormatError(parsed.problem, answered, usage);
  return { ...parsed.value, model: answered, usage };
}

export class AnthropicSummarizer implements Summarizer, Translator {
  readonly model: string;
  readonly batch: BatchSummarizer;
  private readonly options: ConstructorParameters<typeof Anthropic>[0];
  private readonly translationTimeoutMs: number;
  private sdk: Promise<Anthropic> | undefined;

  constructor({ apiKey, baseURL, model, timeoutMs = 30_000, maxRetries = 2, translationTimeoutMs = 600_000 }: AnthropicSummarizerOptions) {
    this.model = model;
    this.options = { apiKey, baseURL, timeout: timeoutMs, maxRetries };
    this.translationTimeoutMs = translationTimeoutMs;
    this.batch = {
      submit: (items) => this.submitBatch(items),
      collect: (id) => this.collectBatch(id),
    };
  }

  /** The SDK is loaded on first use: a process that never writes a TL;DR never pays for it. */
  private get client(): Promise<Anthropic> {
    return (this.sdk ??= import('@anthropic-ai/sdk').then(({ default: Anthropic }) => new Anthropic(this.options)));
  }

  async summarize(request: SummaryRequest): Promise<Summary> {
    const params = buildMessageRequest(this.model, request);
    const client = await this.client;
    const message = await client.messages.create(params, { signal: request.signal });
    return readAnswer(message, this.model);
  }

  async translate(request: TranslationRequest): Promise<Translation> {
    const params = buildTranslationRequest(this.model, request);
    const client = await this.client;
    const message = await client.messages.create(params, { signal: request.signal, timeout: this.translationTimeoutMs });
    return readTranslation(message, this.model);
  }

  private async submitBatch(items: BatchItem[]): Promise<string> {
    const client = await this.client;
    const batch = await client.messages.batches.create({
      requests: items.map((item) => ({ custom_id: item.id, params: buildMessageRequest(this.model, item.request) })),
    });
    return batch.id;
  }

  private async collectBatch(batchId: string): Promise<BatchResult[] | null> {
    const client = await this.client;
    const batch = await client.messages.batches.retrieve(batchId);
    if (batch.processing_status !== 'ended') return null;
    const out: BatchResult[] = [];
    for await (const entry of await client.messages.batches.results(batchId)) {
      const r = entry.result;
      if (r.type !== 'succeeded') {
        const error = r.type === 'errored' ? `${r.error.error.type}: ${r.error.error.message}` : r.type;
        out.push({ id: entry.custom_id, ok: false, error });
        continue;
      }
      try {
        out.push({ id: entry.custom_id, ok: true, summary: readAnswer(r.message, this.model) });
      } catch (err) {
        const usage = err instanceof SummaryFormatError ? err.usage : undefined;
        out.push({ id: entry.custom_id, ok: false, error: (err as Error).message, usage, malformed: true });
      }
    }
    return out;
  }
}
