import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from './errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time string comparison (hashing first makes lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Requires `Authorization: Bearer <token>`; anything else is a 401. */
export function bearerAuth(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match || !safeEqual(match[1].trim(), token)) {
      throw new AppError('unauthorized', match ? 'invalid admin token' : 'missing bearer token', {
        headers: { 'WWW-Authenticate': 'Bearer realm="admin"' },
      });
    }
    await next();
  };
}
