/**
 * The TL;DR module's narrow view of a language model. The Anthropic implementation
 * (anthropic-summarizer.ts) is the only file importing `@anthropic-ai/sdk`.
 */

export interface SummaryRequest {
  article: { title: string; dek: string; body: string };
  persona: { slug: string; label: string; description: string };
  language: string;
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
  summarize(request: SummaryRequest): Promise<Summary>;
}
