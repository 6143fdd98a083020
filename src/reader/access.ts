/**
 * From a reader link to its subscriber: the signature, purpose and expiry (tokens.ts), then the
 * subscriber's current token version, which revokes every older link when it is bumped.
 */
import type { Subscriber } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { getSubscriber } from '../subscribers/store.js';
import { verifyToken, type TokenPurpose } from './tokens.js';

/** Why a link was refused, in the words the error page uses. */
export interface LinkProblem {
  /** 400 for a link that was never valid, 410 for one that was and no longer is. */
  status: 400 | 410;
  title: string;
  message: string;
}

export type LinkAccess = { ok: true; subscriber: Subscriber; expiresAtMs?: number } | ({ ok: false } & LinkProblem);

const INVALID: LinkProblem = {
  status: 400,
  title: 'This link is not valid',
  message: 'The link may have been cut short or changed. Copy the whole link from the email, or use the most recent email we sent you.',
};
const EXPIRED: LinkProblem = {
  status: 410,
  title: 'This link has expired',
  message: 'Confirmation links work for 7 days. Subscribe again and we will send you a fresh one.',
};
const REVOKED: LinkProblem = {
  status: 410,
  title: 'This link is no longer valid',
  message: 'It has been replaced by a newer one. Use the links in the most recent email we sent you.',
};

/** Verifies a reader link of `purpose` and loads its subscriber; never throws for a bad link. */
export async function subscriberForLink(deps: AppDeps, purpose: TokenPurpose, token: string): Promise<LinkAccess> {
  const check = verifyToken(deps.config.tokenSecret, purpose, token, deps.clock.now().getTime());
  if (!check.ok) return { ok: false, ...(check.reason === 'expired' ? EXPIRED : INVALID) };
  const subscriber = await getSubscriber(deps.db, check.claims.subscriberId);
  // A deleted (erased) subscriber's links are revoked along with their data.
  if (!subscriber || subscriber.tokenVersion !== check.claims.version) return { ok: false, ...REVOKED };
  return { ok: true, subscriber, ...(check.expiresAtMs === undefined ? {} : { expiresAtMs: check.expiresAtMs }) };
}
