/**
 * From a reader link to its subscriber: the signature, purpose and expiry (tokens.ts), then the
 * subscriber's current token version, which revokes every older link when it is bumped.
 */
import type { Context } from 'hono';
import type { Subscriber } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { getSubscriber } from '../subscribers/store.js';
import { verifyToken, type TokenPurpose } from './tokens.js';

/** Why a link can be refused; the words for each are the catalogs' (`reader.linkProblems`). */
export type LinkProblemKind = 'invalid' | 'expired' | 'revoked' | 'stale' | 'undeliverable';

/** Why a link was refused: the page says it in the reader's language, the JSON error in English. */
export interface LinkProblem {
  /** 400 for a link that was never valid, 410 for one that was and no longer is. */
  status: 400 | 410;
  kind: LinkProblemKind;
}

export type LinkAccess = { ok: true; subscriber: Subscriber; expiresAtMs?: number } | ({ ok: false } & LinkProblem);

const INVALID: LinkProblem = { status: 400, kind: 'invalid' };
const EXPIRED: LinkProblem = { status: 410, kind: 'expired' };
const REVOKED: LinkProblem = { status: 410, kind: 'revoked' };

/** Verifies a reader link of `purpose` and loads its subscriber; never throws for a bad link. */
export async function subscriberForLink(deps: AppDeps, purpose: TokenPurpose, token: string): Promise<LinkAccess> {
  const check = verifyToken(deps.config.tokenSecret, purpose, token, deps.clock.now().getTime());
  if (!check.ok) return { ok: false, ...(check.reason === 'expired' ? EXPIRED : INVALID) };
  const subscriber = await getSubscriber(deps.db, check.claims.subscriberId);
  // A deleted (erased) subscriber's links are revoked along with their data.
  if (!subscriber || subscriber.tokenVersion !== check.claims.version) return { ok: false, ...REVOKED };
  return { ok: true, subscriber, ...(check.expiresAtMs === undefined ? {} : { expiresAtMs: check.expiresAtMs }) };
}

/**
 * For the error pages of a route with a reader link (`:token`): the language of the reader it
 * names, found again because the error (a body or rate limit) may come before the route loads
 * them; undefined for a link that does not name one.
 */
export function linkReaderLanguage(deps: AppDeps, purpose: TokenPurpose): (c: Context) => Promise<string | undefined> {
  return async (c) => {
    const token = c.req.param('token');
    if (!token) return undefined;
    const access = await subscriberForLink(deps, purpose, token);
    return access.ok ? access.subscriber.language : undefined;
  };
}
