/** The public web, mounted at the root: the archive, the web version, the feed and the assets. */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { archiveRoutes } from './archive.js';
import { assetRoutes } from './assets.js';
import { feedRoutes } from './feed.js';

export function webRoutes(deps: AppDeps) {
  return new Hono().route('/', archiveRoutes(deps)).route('/', feedRoutes(deps)).route('/', assetRoutes());
}
