/**
 * Request-body limits. Every route that takes a body gets one that fits its content; past it the
 * answer is 413 `payload_too_large` naming the limit, and the body is read no further.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from './errors.js';

export const KB = 1024;
export const MB = 1024 * KB;

/** "16 KB", "64 MB": how a limit is named in answers and in the README. */
export function formatBytes(bytes: number): string {
  if (bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes % KB === 0) return `${bytes / KB} KB`;
  return `${bytes} bytes`;
}

/** The 413 for a body over `maxBytes`; `what` names the request ("a subscribe request"). */
export function tooLarge(what: string, maxBytes: number): AppError {
  return new AppError('payload_too_large', `body: ${what} is limited to ${formatBytes(maxBytes)}`, { field: 'body' });
}

/**
 * A limit for a small body the route reads whole (JSON, a form): hono's body-limit, which
 * trusts Content-Length and otherwise reads at most `maxBytes` before answering 413.
 */
export function limitBody(maxBytes: number, what: string): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(what, maxBytes);
    },
  });
}

/**
 * A limit for a large body the route streams (the CSV import). hono's body-limit holds a body
 * without Content-Length in memory, up to the limit, before the route sees a byte; this one
 * passes it through as it arrives and fails the stream, with the 413, at the byte past the limit.
 * A declared Content-Length over the limit is refused before reading.
 */
export function limitStreamedBody(maxBytes: number, what: string): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      if (Number(declared) > maxBytes) throw tooLarge(what, maxBytes);
      return next();
    }
    let seen = 0;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > maxBytes) controller.error(tooLarge(what, maxBytes));
          else controller.enqueue(chunk);
        },
      }),
    );
    // `duplex` is required by Node's Request for a stream body; Workers ignore it.
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    return next();
  };
}
