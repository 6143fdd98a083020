/**
 * The Summarizer, implemented with Claude through `@anthropic-ai/sdk` — the only file in the
 * project importing the SDK. The request itself is built by prompt.ts; this file sends it,
 * reads the structured answer and the token usage, and talks to the Message Batches API.
 *
 * The SDK's own retries stay on (408/409/429/5xx and connection errors, with backoff) and every
 * attempt has a timeout. Errors propagate: deciding what a failed call means is the service's job.
 */
import type Anthropic from '@anthropic-ai/sdk';
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
}

function usageOf(u: Anthropic.Messages.Usage | undefined | null): SummaryUsage {
  return {
    inputTokens: u?.input_tokens ?? 0,
    outputTokens: u?.output_tokens ?? 0,
    cacheWriteTokens: u?.cache_creation_input_tokens ?? 0,
    cacheReadTokens: u?.cache_read_input_tokens ?? 0,
  };
}

/** The structured answer: the JSON text block (output_config), or a tool's input if one was used. */
function readAnswer(message: Anthropic.Messages.Message, model: string): Summary {
  const usage = usageOf(message.usage);
  const answered = message.model || model;
  if (message.stop_reason === 'max_tokens' || message.stop_reason === 'refusal') {
    throw new SummaryFormatError(`the model stopped early (${message.stop_reason})`, answered, usage);
  }
  const tool = message.content.find((b) => b.type === 'tool_use');
  const text = tool && 'input' in tool ? JSON.stringify(tool.input) : message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  const parsed = parseSummaryJson(text);
  if (!parsed.ok) throw new SummaryFormatError(parsed.problem, answered, usage);
  return { tldr: parsed.value.tldr, why: parsed.value.why, model: answered, usage };
}

export class AnthropicSummarizer implements Summarizer {
  readonly model: string;
  readonly batch: BatchSummarizer;
  private readonly options: ConstructorParameters<typeof Anthropic>[0];
  private sdk: Promise<Anthropic> | undefined;

  constructor({ apiKey, baseURL, model, timeoutMs = 30_000, maxRetries = 2 }: AnthropicSummarizerOptions) {
    this.model = model;
    this.options = { apiKey, baseURL, timeout: timeoutMs, maxRetries };
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
