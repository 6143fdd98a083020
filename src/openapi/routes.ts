/**
 * Public, mounted at `/api`: `GET /openapi.json` (the admin API as OpenAPI 3.1, built from the
 * app's route table) and `GET /docs` (Swagger UI over it, with its script and files).
 */
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { AppDeps } from '../deps.js';
import { docsAssetRoutes } from './assets.js';
import { buildDocument, type RouteEntry } from './document.js';
import { DOCS_CSP, DOCS_INIT, docsPage } from './page.js';

/** The admin API's routes, as the app lists them. */
const ADMIN_PREFIX = '/api/admin/';

/**
 * `routes` is the app's route table, read on the first request (when every route is mounted);
 * the document is built once per app and kept.
 */
export function openApiRoutes({ config }: AppDeps, routes: () => readonly RouteEntry[]) {
  const title = `${config.publication} admin API`;
  let document: string | undefined;
  const documentJson = () =>
    (document ??= JSON.stringify(
      buildDocument(
        routes().filter((r) => r.path.startsWith(ADMIN_PREFIX)),
        {
          title,
          version: '1.0.0',
          description: [
            `Everything an editor does with ${config.publication}: personas, subscribers, editions, their TL;DRs, test copies, sends, progress and stats.`,
            '',
            'Every route needs `Authorization: Bearer <ADMIN_TOKEN>`. Errors are `{"error":{"code","message","field?"}}` with the status of their code; bodies over a route\'s limit are refused with 413 (see the README\'s Limits).',
          ].join('\n'),
        },
      ),
    ));

  return new Hono()
    .get('/openapi.json', etag(), (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.body(documentJson(), 200, { 'Content-Type': 'application/json; charset=utf-8' });
    })
    .get('/docs', (c) => {
      c.header('Content-Security-Policy', DOCS_CSP);
      return c.html(docsPage(title));
    })
    .get('/docs/init.js', (c) => c.body(DOCS_INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }))
    .route('/docs/assets', docsAssetRoutes());
}
