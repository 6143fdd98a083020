/**
 * The one error type of the service. Every failure the API reports is an `AppError` with a code
 * from this table; `app.onError` turns it into `{ error: { code, message } }` with its status, or
 * into the route's error page when the route has one and the client prefers HTML.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { z, ZodError } from 'zod';
import { prefersHtml } from './negotiate.js';

export const ERROR_STATUS = {
  bad_request: 400,
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every error answer, as the OpenAPI document shows it (component `Error`). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]).describe('What went wrong; the HTTP status follows from it'),
      message: z.string().describe('For people; a validation message starts with the field'),
      field: z.string().optional().describe('The field a validation error is about (`body` for the body as a whole)'),
    }),
  })
  .meta({ id: 'Error', description: 'Every error answer of the service' });

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { field?: string; headers?: Record<string, string> },
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (message: string) => new AppError('conflict', message);
export const invalid = (field: string, message: string) =>
  new AppError('validation_error', `${field}: ${message}`, { field });

/** Turns a zod error into a validation error naming the first offending field. */
export function fromZod(err: ZodError, prefix = ''): AppError {
  const issue = err.issues[0];
  const path = issue?.path.join('.') ?? '';
  const field = [prefix, path].filter(Boolean).join('.') || 'body';
  const message = issue?.message ?? 'invalid';
  if (issue?.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return new AppError('validation_error', `${field === 'body' ? '' : field + ': '}unknown field(s): ${keys}`, {
      field: [prefix, path, issue.keys[0]].filter(Boolean).join('.'),
    });
  }
  return new AppError('validation_error', `${field}: ${message}`, { field });
}

/** How a route that serves people shows a failure: a page with the error's status. */
export type ErrorPage = (c: Context, err: AppError) => Response | Promise<Response>;

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by `errorPages` on the routes a browser posts to. */
    errorPage: ErrorPage;
  }
}

/**
 * Middleware for a route that can answer HTML: its failures — thrown by the route or by the
 * middleware after this one (body limits, rate limits) — become `page` for clients that prefer
 * HTML. The one `app.onError` still decides; JSON clients get the usual error body.
 */
export function errorPages(page: ErrorPage): MiddlewareHandler {
  return async (c, next) => {
    c.set('errorPage', page);
    await next();
  };
}

/**
 * The single `app.onError`: AppError → its status; anything unexpected → 500 without internals.
 * A route's error page (else `fallbackPage`: the not-found page of an address no route serves)
 * answers clients that prefer HTML.
 */
export async function errorResponse(
  err: unknown,
  c: Context,
  log: (msg: string, err: unknown) => void,
  fallbackPage?: ErrorPage,
): Promise<Response> {
  let e: AppError;
  if (err instanceof AppError) e = err;
  else if (err instanceof ZodError) e = fromZod(err);
  else if (err instanceof HTTPException) {
    const code = (Object.entries(ERROR_STATUS).find(([, s]) => s === err.status)?.[0] ?? 'bad_request') as ErrorCode;
    e = new AppError(code, err.message || code.replace(/_/g, ' '));
  } else {
    log('unhandled error', err);
    e = new AppError('internal', 'internal error');
  }
  for (const [k, v] of Object.entries(e.details?.headers ?? {})) c.header(k, v);
  const page = c.get('errorPage') ?? fallbackPage;
  if (page && prefersHtml(c)) {
    try {
      return await page(c, e);
    } catch (pageErr) {
      log('error page failed', pageErr);
    }
  }
  const body: z.output<typeof errorBodySchema> = { error: { code: e.code, message: e.message, ...(e.details?.field ? { field: e.details.field } : {}) } };
  return c.json(body, e.status);
}
