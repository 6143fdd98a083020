/** Request-body readers that turn bad input into a clear 400 naming the field. */
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError, fromZod } from './errors.js';
import { readFormFields } from './form.js';
import { mediaType } from './media-type.js';

/** Parses a JSON body against `schema`; malformed JSON and schema errors become 400s. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  if (mediaType(c) !== 'application/json') {
    throw new AppError('unsupported_media_type', 'expected Content-Type: application/json');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new AppError('bad_request', 'malformed JSON body');
  }
  return parseWith(schema, raw);
}

/** Validates `value` against `schema`, throwing a validation error that names the field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

/** Reads a JSON or form body (public forms post either) as a flat record of strings. */
export async function readJsonOrForm(c: Context): Promise<Record<string, unknown>> {
  const type = mediaType(c);
  if (type === 'application/json') {
    try {
      const v = JSON.parse(await c.req.text());
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      return v as Record<string, unknown>;
    } catch {
      throw new AppError('bad_request', 'malformed JSON body');
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') return readFormFields(c);
  throw new AppError('unsupported_media_type', 'expected a JSON or form body');
}

/** A trimmed one-line text of at most `max` characters (titles, labels, reasons: a line break could forge a header or a layout). */
export const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !/[\r\n]/.test(v), 'must be a single line');
