/**
 * What a TL;DR must look like, whoever wrote it: the JSON shape, the length, plain prose.
 * Pure; the service applies it to every summarizer's answer.
 */
import { Lexer } from 'marked';
import { z } from 'zod';
import { visibleText } from './visible-text.js';

/** The TL;DR's length in words (counted per language, so Japanese and Chinese count too). */
export const TLDR_WORDS = { min: 40, max: 90 } as const;
export const WHY_MAX_CHARS = 240;

/** The JSON the model answers with. */
export const summaryOutputSchema = z
  .object({
    tldr: z.string().trim().min(1, 'is empty'),
    why: z.string().trim().min(1, 'is empty'),
  })
  .strict();
export type SummaryOutput = z.infer<typeof summaryOutputSchema>;

/** The same shape as a JSON Schema, for the API's structured output. */
export const SUMMARY_JSON_SCHEMA = {
  type: 'object',
  properties: {
    tldr: {
      type: 'string',
      description: `The TL;DR: ${TLDR_WORDS.min}–${TLDR_WORDS.max} words of plain prose, one paragraph, no Markdown.`,
    },
    why: { type: 'string', description: 'One line: why it matters to this reader.' },
  },
  required: ['tldr', 'why'],
  additionalProperties: false,
} as const;

/** Parses the model's text as the summary JSON; the message says what was wrong. */
export function parseSummaryJson(text: string): { ok: true; value: SummaryOutput } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return { ok: false, problem: 'the answer is not valid JSON' };
  }
  const r = summaryOutputSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, problem: `the answer's JSON is wrong: ${i.path.join('.') || 'root'} ${i.message}` };
  }
  return { ok: true, value: r.data };
}

/** Words in `text` as a reader of `language` would count them. */
export function countWords(text: string, language: string): number {
  let n = 0;
  for (const s of new Intl.Segmenter(language, { granularity: 'word' }).segment(text)) if (s.isWordLike) n++;
  return n;
}

const BLOCK_MARKDOWN = /^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|```|\|)/m;

/** Removes inline Markdown (emphasis, code, links) and folds the text into one paragraph. */
export function stripMarkdown(text: string): string {
  return visibleText(Lexer.lex(text, { gfm: true }), ' ')
    .replace(/^\s*(?:TL;?DR|Why it matters(?: to you)?)\s*[:\uFF1A\u2014-]\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type Checked = { ok: true; tldr: string; why: string } | { ok: false; problem: string };

/**
 * Checks and cleans an answer: block Markdown (lists, headings) is refused, inline Markdown is
 * stripped, the TL;DR must be 40–90 words and the why a single short line.
 */
export function checkSummary(answer: SummaryOutput, language: string): Checked {
  if (BLOCK_MARKDOWN.test(answer.tldr) || BLOCK_MARKDOWN.test(answer.why)) {
    return { ok: false, problem: 'the answer uses Markdown (a list, heading or quote); write plain prose' };
  }
  const tldr = stripMarkdown(answer.tldr);
  const why = stripMarkdown(answer.why);
  const words = countWords(tldr, language);
  if (words < TLDR_WORDS.min || words > TLDR_WORDS.max) {
    return { ok: false, problem: `the TL;DR has ${words} words; it must have ${TLDR_WORDS.min}–${TLDR_WORDS.max}` };
  }
  if (!why) return { ok: false, problem: 'the why is empty' };
  if (why.length > WHY_MAX_CHARS) return { ok: false, problem: `the why has ${why.length} characters; keep it to one short line` };
  return { ok: true, tldr, why };
}
