/**
 * The reader's routes, mounted at the root: subscribe (`GET /`, `POST /api/subscribe`,
 * `POST /resubscribe/:token`), confirm, preferences, persona switch and unsubscribe.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { confirmRoutes } from './confirm.js';
import { preferenceRoutes } from './preferences.js';
import { subscribeRoutes } from './subscribe.js';
import { unsubscribeRoutes } from './unsubscribe.js';

export function readerRoutes(deps: AppDeps) {
  // The limiter comes with the deps: in the process on Node, a Durable Object per address on Workers.
  return new Hono()
    .route('/', subscribeRoutes(deps, deps.subscribeLimiter))
    .route('/', confirmRoutes(deps))
    .route('/', preferenceRoutes(deps))
    .route('/', unsubscribeRoutes(deps));
}
