/**
 * The admin API's bearer token, checked by Hono's bearer-auth middleware (timing-safe compare);
 * its refusals are turned into our error contract. The configuration makes sure the token is
 * one the middleware can match (RFC 6750's b64token characters).
 */
import type { MiddlewareHandler } from 'hono';
import { bearerAuth as honoBearerAuth } from 'hono/bearer-auth';
import { AppError } from './errors.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="admin"' };

// bearer-auth answers a refusal with its own plain-text response (and a 400 for a header that is
// not a bearer token). Throwing our AppError from its message hook instead sends every refusal
// through app.onError: a 401 with `{error:{code,message}}`, the challenge and the secure headers.
const refuse = (message: string) => (): never => {
  throw new AppError('unauthorized', message, { headers: CHALLENGE });
};

/** Requires `Authorization: Bearer <token>`; anything else is a 401. */
export function bearerAuth(token: string): MiddlewareHandler {
  return honoBearerAuth({
    token,
    noAuthenticationHeader: { message: refuse('missing bearer token') },
    // Another scheme (Basic), no scheme, or an empty bearer: there is no bearer token to check.
    invalidAuthenticationHeader: { message: refuse('missing bearer token') },
    invalidToken: { message: refuse('invalid admin token') },
  });
}
