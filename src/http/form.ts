/**
 * Form bodies (urlencoded and multipart), parsed as they stream by busboy on Node and on Workers
 * (nodejs_compat), with backpressure: the request is read only as fast as its parts are used, so
 * a file part of any size is never held in memory. A body busboy cannot parse — no boundary, an
 * empty one, one the body never uses, a body that stops before its end — is a 400, never a 500.
 */
import Busboy, { type BusboyConfig, type BusboyInstance } from '@fastify/busboy';
import type { Context } from 'hono';
import { PassThrough, type Readable } from 'node:stream';
import { AppError } from './errors.js';
import { mediaType } from './media-type.js';

/** The 400 for a body busboy could not parse, in its words ("Unexpected end of multipart data"). */
function malformed(c: Context, err: unknown): AppError {
  const kind = mediaType(c) === 'multipart/form-data' ? 'multipart' : 'form';
  return new AppError('bad_request', `malformed ${kind} body: ${err instanceof Error ? err.message : String(err)}`);
}

function parserFor(c: Context, limits: BusboyConfig['limits']): BusboyInstance {
  let parser: BusboyInstance;
  try {
    parser = Busboy({ headers: { 'content-type': c.req.header('content-type') ?? '' }, limits });
  } catch (err) {
    // "Multipart: Boundary not found", or a type busboy does not parse.
    throw malformed(c, err);
  }
  // busboy can report more than one error (and writes after `stop()` add their own); an 'error'
  // event nobody listens to would end the process. The callers listen for the first.
  return parser.on('error', () => {});
}

/**
 * Writes the request body into `parser`, waiting whenever it asks to (a file part not read yet),
 * then ends it. `stop()` cancels the rest of the body (the route has what it needs, or failed).
 */
function feed(body: ReadableStream<Uint8Array> | null, parser: BusboyInstance) {
  let stopped = false;
  const reader = body?.getReader();
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        parser.off('drain', done).off('error', done).off('close', done);
        resolve();
      };
      parser.on('drain', done).on('error', done).on('close', done);
    });
  const done = (async () => {
    if (!reader) return void parser.end();
    for (;;) {
      const { done: end, value } = await reader.read();
      if (stopped) return;
      if (end) return void parser.end();
      if (!parser.write(value)) await drained();
    }
  })();
  return {
    /** Settles when the body has been handed over; rejects when reading it failed (a limit, a dropped client). */
    done,
    stop() {
      if (stopped) return;
      stopped = true;
      reader?.cancel().catch(() => {});
      parser.destroy();
    },
  };
}

/** Limits for the small forms people post: a few short fields, no files kept. */
const FORM_LIMITS: BusboyConfig['limits'] = { fields: 50, parts: 50, fieldNameSize: 100 };

/**
 * The fields of an urlencoded or multipart form as a record of strings (the last value of a
 * repeated name wins); file parts are skipped unread. The route's body limit bounds the size.
 */
export async function readFormFields(c: Context): Promise<Record<string, string>> {
  const parser = parserFor(c, FORM_LIMITS);
  const fields = new Map<string, string>();
  parser.on('field', (name: string, value: string) => fields.set(name, value));
  const feeding = feed(c.req.raw.body, parser);
  try {
    await new Promise<void>((resolve, reject) => {
      // busboy reports a parse error and then finishes: the first word counts.
      parser.on('error', (err: unknown) => reject(malformed(c, err)));
      parser.once('finish', () => resolve());
      feeding.done.catch(reject);
    });
  } finally {
    feeding.stop();
  }
  return Object.fromEntries(fields);
}

/** A file part being received: its bytes as they arrive, and how to stop reading the request. */
export interface Upload {
  /** Errors with a 400 if the body turns out malformed, or with the body's own failure (a 413). */
  file: Readable;
  /** Stops reading the request; call it when done with `file`, whatever the outcome. */
  release(): void;
}

/**
 * The file part named `field` of a multipart body, handed over as soon as its headers are
 * parsed, so the route reads it while it uploads. Other parts are skipped. Null when the body
 * ends without such a file; a 400 when it cannot be parsed before one is found.
 */
export function multipartFile(c: Context, field: string): Promise<Upload | null> {
  const parser = parserFor(c, { fields: 100, parts: 200, files: 20 });
  const feeding = feed(c.req.raw.body, parser);
  let file: PassThrough | null = null;
  return new Promise<Upload | null>((resolve, reject) => {
    parser.on('file', (name: string, part: Readable) => {
      if (file || name !== field) return void part.resume();
      // The reader of `out` sees its errors; this keeps one raised after it has gone from ending the process.
      const out = (file = new PassThrough()).on('error', () => {});
      part.on('error', (err) => out.destroy(malformed(c, err)));
      part.pipe(out);
      resolve({ file: out, release: () => feeding.stop() });
    });
    parser.on('error', (err: unknown) => {
      if (!file) {
        feeding.stop();
        reject(malformed(c, err));
      }
    });
    parser.once('finish', () => {
      if (!file) resolve(null);
    });
    feeding.done.catch((err: unknown) => {
      if (file) file.destroy(err instanceof Error ? err : new Error(String(err)));
      else {
        feeding.stop();
        reject(err);
      }
    });
  });
}
