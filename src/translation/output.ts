/**
 * The JSON a translation answers with, as a JSON Schema for the API's structured output and as
 * a zod parser for what came back. Pure.
 */
import { z } from 'zod';
import type { ArticleText } from './translator.js';

/** The structured output: the article's three texts, the body in Markdown. */
export const TRANSLATION_JSON_SCHEMA = {
  type: 'object',
  properties: {
    title: { type: 'string', description: 'The title, translated.' },
    dek: { type: 'string', description: 'The dek (the line under the title), translated; "" when the article has none.' },
    body: { type: 'string', description: 'The whole body, translated, in Markdown with the same structure as the original.' },
  },
  required: ['title', 'dek', 'body'],
  additionalProperties: false,
} as const;

const translationOutputSchema = z
  .object({
    title: z.string().trim().min(1, 'is empty'),
    dek: z.string().trim(),
    body: z.string().trim().min(1, 'is empty'),
  })
  .strict();

/** Parses the model's text as the translation JSON; the message says what was wrong. */
export function parseTranslationJson(text: string): { ok: true; value: ArticleText } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return { ok: false, problem: 'the answer is not valid JSON' };
  }
  const r = translationOutputSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, problem: `the answer's JSON is wrong: ${i.path.join('.') || 'root'} ${i.message}` };
  }
  return { ok: true, value: r.data };
}
