/**
 * Swagger UI's script and stylesheet for the reference page, served by the service itself from
 * the installed `swagger-ui-dist` (no CDN: the page works offline and its CSP names only this
 * origin). On Workers, wrangler's build step (scripts/docs-assets.ts) copies the same files into
 * `public/`, so Cloudflare serves them at the same URLs before the Worker runs.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { AppError } from '../http/errors.js';
import { projectFile } from '../paths.js';

/** Where the files are served, under the page's own path. */
export const DOCS_ASSETS_PATH = '/api/docs/assets';

/** The files the page loads, by name in the package; nothing else of it is served. */
export const SWAGGER_UI_FILES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

/** The installed package's folder. Found on use: a Worker bundle has no file URL and never gets here. */
export const swaggerUiDir = () => projectFile('node_modules', 'swagger-ui-dist');

/**
 * The asset routes, to mount at `DOCS_ASSETS_PATH`. The names are fixed (no path from the
 * request reaches the file system); the ETag is the body's hash, as for the edition assets.
 */
export function docsAssetRoutes(dir: () => string = swaggerUiDir) {
  let serve: MiddlewareHandler | undefined;
  return new Hono()
    .use('/:file', async (c, next) => {
      const type = Object.hasOwn(SWAGGER_UI_FILES, c.req.param('file')) ? SWAGGER_UI_FILES[c.req.param('file')] : undefined;
      if (!type) throw new AppError('not_found', 'no such asset');
      await next();
      if (c.res.status === 200) c.header('Content-Type', type);
      if (c.res.status === 200 || c.res.status === 304) c.header('Cache-Control', 'public, max-age=604800, must-revalidate');
    })
    .use('/:file', compress())
    .use('/:file', etag())
    .get('/:file', (c, next) => (serve ??= serveStatic({ root: dir(), rewriteRequestPath: (p) => p.slice(p.lastIndexOf('/')) }))(c, next));
}
