/**
 * The app factory: the whole HTTP surface as one route table. Each domain folder contributes a
 * sub-app; the composition roots (src/node.ts, src/worker.ts) build the dependencies.
 */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './deps.js';
import { deliveryRoutes } from './delivery/routes.js';
import { editionRoutes } from './editions/routes.js';
import { consoleRoutes } from './console/index.js';
import { bearerAuth } from './http/auth.js';
import { AppError, errorResponse } from './http/errors.js';
import { openApiRoutes } from './openapi/routes.js';
import { personaRoutes } from './personas/routes.js';
import { readerErrorPage } from './reader/pages.js';
import { readerRoutes } from './reader/routes.js';
import { statsRoutes } from './stats/routes.js';
import { subscriberRoutes } from './subscribers/routes.js';
import { webRoutes } from './web/routes.js';
import { webhookRoutes } from './webhooks/routes.js';
import { tldrRoutes } from './tldr/routes.js';
import { translationRoutes } from './translation/routes.js';

/** Addresses for programs, not people: their errors are always JSON. */
const API_PATHS = /^\/(?:api|webhooks)(?:\/|$)/;

export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      overwrite: false, // a route's own header stands (public assets answer CORP cross-origin)
    }),
  );
  app.onError((err, c) => errorResponse(err, c, deps.log.error));
  // Answered, not thrown: an error thrown from the not-found handler skips the secure headers.
  // A person who follows a dead link gets a page in their language; the API's addresses answer JSON.
  const missingPage = readerErrorPage(() => ({ publication: deps.config.publication, postalAddress: deps.config.postalAddress }));
  app.notFound((c) => errorResponse(new AppError('not_found', 'no such route'), c, deps.log.error, API_PATHS.test(c.req.path) ? undefined : missingPage));

  // Public
  app.get('/healthz', async (c) => {
    try {
      await deps.db.run(sql`select 1`);
      return c.json({ ok: true });
    } catch {
      return c.json({ ok: false }, 503);
    }
  });

  app.route('/', readerRoutes(deps));
  app.route('/', webRoutes(deps));
  app.route('/webhooks', webhookRoutes(deps));
  // The admin API's OpenAPI document and reference page, built from this route table.
  app.route('/api', openApiRoutes(deps, () => app.routes));

  // Admin
  const admin = new Hono();
  admin.use(bearerAuth(deps.config.adminToken));
  admin.route('/personas', personaRoutes(deps));
  admin.route('/subscribers', subscriberRoutes(deps));
  admin.route('/editions', editionRoutes(deps));
  admin.route('/editions', tldrRoutes(deps));
  admin.route('/editions', translationRoutes(deps));
  admin.route('/editions', deliveryRoutes(deps));
  admin.route('/editions', statsRoutes(deps));
  app.route('/api/admin', admin);
  app.route('/admin', consoleRoutes(deps, app.fetch));

  return app;
}

export type App = ReturnType<typeof createApp>;
