/**
 * The Messages API request for one TL;DR variant, as plain data (pure; no SDK import).
 *
 * Caching is the point of the layout: the standing instructions and the article come first,
 * identical byte for byte for every variant of an edition, with the cache breakpoint on the
 * article block. Only what differs per variant (the reader, the language, a correction) comes
 * after it, so variants 2..N read the prefix from the cache instead of paying for it again.
 */
import { LANGUAGES } from '../subscribers/languages.js';
import { SUMMARY_JSON_SCHEMA, TLDR_WORDS } from './output.js';
import type { SummaryRequest } from './summarizer.js';

export const MAX_OUTPUT_TOKENS = 1024;

export interface TextBlock {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral' };
}

/** The subset of `MessageCreateParamsNonStreaming` this module uses. */
export interface MessageRequest {
  model: string;
  max_tokens: number;
  system: TextBlock[];
  messages: { role: 'user' | 'assistant'; content: string }[];
  output_config: { format: { type: 'json_schema'; schema: Record<string, unknown> } };
}

export const INSTRUCTIONS = `You write the TL;DR of one newsletter article for one kind of reader.

The article is below. After it, the request describes the reader and names the language to write in.

Rules:
- The TL;DR is ${TLDR_WORDS.min} to ${TLDR_WORDS.max} words: one paragraph of plain prose. No Markdown, no lists, no headings, no emoji, no links, no quotation of the title.
- Write it for that reader: lead with what matters most to them, in words they use, and leave out what they would skip.
- Write in the requested language, as a native writer of it would, with its number formatting. Keep the names of people, companies and products as they are.
- Use only what the article says. Every figure you give (amounts, percentages, years, counts) must be a figure the article states, written with digits. Do not add, subtract, round, convert or estimate figures, and do not invent any.
- If the article reports a claim (a company's own numbers, an unverified statement), say so as the article does.
- "why" is one line of at most 25 words, addressed to the reader ("you"), saying why this matters to them.

Answer with the JSON object only: {"tldr": "…", "why": "…"}.`;

/** The article as the model and the faithfulness guard read it. */
export function articleText(article: SummaryRequest['article']): string {
  return [`# ${article.title}`, article.dek, article.body.trim()].filter(Boolean).join('\n\n');
}

export function languageName(code: string): string {
  const native = LANGUAGES[code];
  let english: string | undefined;
  try {
    english = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
  } catch {
    english = undefined;
  }
  if (native && english && native !== english) return `${english} (${native})`;
  return native ?? english ?? code;
}

function readerMessage(req: SummaryRequest): string {
  return [
    '<reader>',
    `Persona: ${req.persona.label}`,
    `Who they are: ${req.persona.description}`,
    '</reader>',
    '',
    `Write the TL;DR and the why for this reader, in ${languageName(req.language)}.`,
  ].join('\n');
}

/** The request for one variant (and, with `req.correction`, the follow-up asking for a fix). */
export function buildMessageRequest(model: string, req: SummaryRequest): MessageRequest {
  const messages: MessageRequest['messages'] = [{ role: 'user', content: readerMessage(req) }];
  if (req.correction) {
    messages.push(
      { role: 'assistant', content: JSON.stringify(req.correction.previous) },
      {
        role: 'user',
        content: `That answer cannot be used: ${req.correction.problem}. Write it again for the same reader and language, following every rule.`,
      },
    );
  }
  return {
    model,
    max_tokens: MAX_OUTPUT_TOKENS,
    system: [
      { type: 'text', text: INSTRUCTIONS },
      { type: 'text', text: `<article>\n${articleText(req.article)}\n</article>`, cache_control: { type: 'ephemeral' } },
    ],
    messages,
    output_config: { format: { type: 'json_schema', schema: SUMMARY_JSON_SCHEMA as unknown as Record<string, unknown> } },
  };
}
