/**
 * The reader's routes, mounted at the root: subscribe (`GET /`, `POST /api/subscribe`,
 * `POST /resubscribe/:token`), confirm, preferences, persona switch and unsubscribe.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { confirmRoutes } from './confirm.js';
import { preferenceRoutes } from './preferences.js';
import { FixedWindowLimiter } from './rate-limit.js';
import { subscribeRoutes } from './subscribe.js';
import { unsubscribeRoutes } from './unsubscribe.js';

/** Subscribe requests allowed per client address and window. */
/** Enough for a household behind one address, too few for a script spraying addresses. */
export const SUBSCRIBE_RATE = { limit: 10, windowMs: 60 * 1000 };

export function readerRoutes(deps: AppDeps) {
  // One limiter per app instance: no module-level state.
  const limiter = new FixedWindowLimiter({ ...SUBSCRIBE_RATE, clock: deps.clock });
  return new Hono()
    .route('/', subscribeRoutes(deps, limiter))
    .route('/', confirmRoutes(deps))
    .route('/', preferenceRoutes(deps))
    .route('/', unsubscribeRoutes(deps));
}
