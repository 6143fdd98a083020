/**
 * The translation module's narrow view of a language model. The Anthropic implementation lives in
 * src/tldr/anthropic-summarizer.ts (the one file importing `@anthropic-ai/sdk`); tests and other
 * runtimes may bring their own.
 */
import type { SummaryUsage } from '../tldr/summarizer.js';

/** The parts of an edition a translation covers: the rest (names, links, figures) stays as it is. */
export interface ArticleText {
  title: string;
  dek: string;
  /** Markdown. */
  body: string;
}

export interface TranslationRequest {
  article: ArticleText;
  /** The edition's language code. */
  from: string;
  /** The language to translate into (a code of src/subscribers/languages.ts). */
  language: string;
  /**
   * Set on a second attempt: the previous answer and what was wrong with it. The model is asked
   * to translate again (the article stays the cached prefix).
   */
  correction?: { previous: ArticleText; problem: string };
  /** Aborts the call (the send engine's deadline). */
  signal?: AbortSignal;
}

/** The model's translation, unchecked, and what it cost. */
export interface Translation extends ArticleText {
  model: string;
  usage: SummaryUsage;
}

export interface Translator {
  readonly model: string;
  /**
   * One translation of one edition into one language. Throws `TranslationFormatError` when the
   * answer is not the expected shape (or stopped early), and whatever the transport throws otherwise.
   */
  translate(request: TranslationRequest): Promise<Translation>;
}

/** The model answered, but not with a usable translation object. Its tokens were still spent. */
export class TranslationFormatError extends Error {
  constructor(
    message: string,
    readonly model: string,
    readonly usage: SummaryUsage,
  ) {
    super(message);
    this.name = 'TranslationFormatError';
  }
}
