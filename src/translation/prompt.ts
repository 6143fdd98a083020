/**
 * The Messages API request for one translation, as plain data (pure; no SDK import).
 *
 * The same layout as a TL;DR's (src/tldr/prompt.ts), for the same reason: the standing
 * instructions and the article come first, byte for byte the same for every language of an
 * edition, with the cache breakpoint on the article block; only the language (and a correction)
 * comes after it, so languages 2..N read the article from the cache.
 */
import { languageName, type MessageRequest } from '../tldr/prompt.js';
import { TRANSLATION_JSON_SCHEMA } from './output.js';
import type { ArticleText, TranslationRequest } from './translator.js';

/** The output cap: room for a long edition, under every current model's maximum. */
export const MAX_TRANSLATION_TOKENS = 32_000;

export const TRANSLATION_INSTRUCTIONS = `You translate one newsletter article, in full, into another language.

The article is below. After it, the request names the language to translate into.

Rules:
- Translate the title, the dek (the line under the title) and the whole body. Leave nothing out and add nothing: no summary, no notes, no translator's comments.
- Keep the Markdown structure exactly: the same headings at the same levels, the same paragraphs in the same order, lists with the same number of items, tables with the same rows and columns, the same links and images. Translate the text of links and the descriptions of images, never a URL.
- Keep code, and the names of people, companies and products, as they are.
- Every figure (amounts, percentages, years, dates, counts) keeps its exact value. Write it as the target language writes numbers, with digits where the article uses digits. Do not round, convert currencies or units, or add figures.
- Write as a native writer of that language would, in the author's tone.

Answer with the JSON object only: {"title": "…", "dek": "…", "body": "…"}, the body in Markdown. If the article has no dek, "dek" is "".`;

/** The article block: the cached prefix every language of an edition shares. */
export function articleBlock(article: ArticleText, from: string): string {
  return [
    `<article language="${languageName(from)}">`,
    `<title>${article.title}</title>`,
    `<dek>${article.dek}</dek>`,
    '<body>',
    article.body.trim(),
    '</body>',
    '</article>',
  ].join('\n');
}

/**
 * Output tokens to allow: about twice the article's (a translation may run longer, and scripts
 * such as Japanese or Hindi take more tokens per word), capped at `MAX_TRANSLATION_TOKENS`. An
 * article too long for that stops early and is flagged, never sent half-translated.
 */
export function maxTokensFor(article: ArticleText): number {
  const chars = article.title.length + article.dek.length + article.body.length;
  return Math.min(MAX_TRANSLATION_TOKENS, Math.ceil(chars / 2) + 1024);
}

/** The request for one language (and, with `req.correction`, the follow-up asking for a fix). */
export function buildTranslationRequest(model: string, req: TranslationRequest): MessageRequest {
  const target = languageName(req.language);
  const messages: MessageRequest['messages'] = [{ role: 'user', content: `Translate the article into ${target}.` }];
  if (req.correction) {
    messages.push(
      { role: 'assistant', content: JSON.stringify(req.correction.previous) },
      {
        role: 'user',
        content: `That translation cannot be used: ${req.correction.problem}. Translate the whole article into ${target} again, following every rule.`,
      },
    );
  }
  return {
    model,
    max_tokens: maxTokensFor(req.article),
    system: [
      { type: 'text', text: TRANSLATION_INSTRUCTIONS },
      { type: 'text', text: articleBlock(req.article, req.from), cache_control: { type: 'ephemeral' } },
    ],
    messages,
    output_config: { format: { type: 'json_schema', schema: TRANSLATION_JSON_SCHEMA as unknown as Record<string, unknown> } },
  };
}
