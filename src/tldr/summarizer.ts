/**
 * The TL;DR module's narrow view of a language model. The Anthropic implementation
 * (anthropic-summarizer.ts) is the only file importing `@anthropic-ai/sdk`; tests and other
 * runtimes may bring their own.
 */

export interface SummaryRequest {
  article: { title: string; dek: string; body: string };
  persona: { slug: string; label: string; description: string };
  /** The reader's language code (see src/subscribers/languages.ts). */
  language: string;
  /**
   * Set on a second attempt: the previous answer and what was wrong with it. The model is
   * asked to rewrite it (the article stays the cached prefix).
   */
  correction?: { previous: { tldr: string; why: string }; problem: string };
  /** Aborts the call (the send engine's deadline). */
  signal?: AbortSignal;
}

export interface SummaryUsage {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
}

export interface Summary {
  tldr: string;
  why: string;
  model: string;
  usage: SummaryUsage;
}

export interface Summarizer {
  readonly model: string;
  /**
   * One TL;DR for one persona and language. Throws `SummaryFormatError` when the model's
   * answer is not the expected shape, and whatever the transport throws otherwise.
   */
  summarize(request: SummaryRequest): Promise<Summary>;
  /** Optional: the Message Batches route (half price, results within 24 h). */
  batch?: BatchSummarizer;
}

/** One request of a batch, named so its result can be matched back. */
export interface BatchItem {
  id: string;
  request: SummaryRequest;
}

export type BatchResult =
  | { id: string; ok: true; summary: Summary }
  | { id: string; ok: false; error: string; usage?: SummaryUsage; malformed?: boolean };

export interface BatchSummarizer {
  /** Submits the requests; returns the provider's batch id. */
  submit(items: BatchItem[]): Promise<string>;
  /** null while the batch is still running; every item's result once it has ended. */
  collect(batchId: string): Promise<BatchResult[] | null>;
}

/** The model answered, but not with the JSON the prompt asked for. Its tokens were still spent. */
export class SummaryFormatError extends Error {
  constructor(
    message: string,
    readonly model: string,
    readonly usage: SummaryUsage,
  ) {
    super(message);
    this.name = 'SummaryFormatError';
  }
}
