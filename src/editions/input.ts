/** Reads an edition from a request: Markdown text, JSON `{markdown}`, or JSON fields. */
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { mediaType } from '../http/media-type.js';
import { parseWith } from '../http/validate.js';
import { editionPatchSchema, parseEditionJson, parseEditionMarkdown, type EditionFields, type EditionPatch } from './parse.js';

/** The media types an edition's Markdown arrives as (text/markdown is RFC 7763's). */
export const MARKDOWN_TYPES = new Set(['text/markdown', 'text/x-markdown', 'text/plain']);

/** The Markdown file wrapped in JSON, for clients that only send JSON. */
export const markdownJsonSchema = z
  .object({ markdown: z.string({ error: 'must be a string' }).describe('The Markdown file, front matter included') })
  .strict();

async function readBody(c: Context): Promise<{ markdown: string } | { json: unknown }> {
  const type = mediaType(c);
  const text = await c.req.text();
  if (MARKDOWN_TYPES.has(type)) return { markdown: text };
  if (type !== 'application/json') {
    throw new AppError('unsupported_media_type', 'expected Content-Type: text/markdown or application/json');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'malformed JSON body');
  }
  if (json && typeof json === 'object' && !Array.isArray(json) && 'markdown' in json) {
    const { markdown, ...rest } = json as Record<string, unknown>;
    if (Object.keys(rest).length) {
      throw new AppError('validation_error', `unknown field(s) beside markdown: ${Object.keys(rest).join(', ')}`, { field: Object.keys(rest)[0] });
    }
    return parseWith(markdownJsonSchema, { markdown });
  }
  return { json };
}

/** A full edition, for create (and for replacing an edition with new Markdown). */
export async function readEditionInput(c: Context): Promise<EditionFields> {
  const body = await readBody(c);
  return 'markdown' in body ? parseEditionMarkdown(body.markdown) : parseEditionJson(body.json);
}

/**
 * A patch: JSON with any subset of the fields, or Markdown replacing the whole edition (so an
 * illustration or next teaser the new text leaves out is removed; the slug stays unless given).
 */
export async function readEditionPatch(c: Context): Promise<EditionPatch> {
  const body = await readBody(c);
  if (!('markdown' in body)) return parseWith(editionPatchSchema, body.json);
  const fields = parseEditionMarkdown(body.markdown);
  return { ...fields, illustration: fields.illustration ?? null, next: fields.next ?? null };
}
