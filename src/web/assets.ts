/**
 * `GET /assets/*`: static files from the repository's `public/assets/` folder (edition
 * illustrations), served by @hono/node-server's serveStatic with hono's ETag. On Workers,
 * wrangler's static assets serve `public/` before the Worker runs, so this route is not reached
 * there.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { extname, resolve, sep } from 'node:path';
import { AppError } from '../http/errors.js';
import { projectFile } from '../paths.js';

/**
 * The repository's public/assets/ folder, served at /assets/ (Workers serve `public/` as static
 * assets, so the same URLs work there). Computed on use: a Worker bundle has no file URL.
 */
export const publicDir = () => projectFile('public/assets');

/** The types served, by extension; anything else is a 404. */
const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * A week, then ask again. The files are named per edition, not per content: an editor who
 * corrects an illustration keeps its name, and readers (and mail clients' image proxies) must
 * get the fix. A week spares them most requests; the ETag makes the re-asking a 304.
 */
const CACHE_CONTROL = 'public, max-age=604800, must-revalidate';

/** The file a request path names inside `root`, or null for anything unsafe or unknown. */
export function assetPath(root: string, requested: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requested);
  } catch {
    return null;
  }
  const parts = decoded.split('/');
  // No dot-files, no traversal, no backslashes or NULs (Windows separators, C strings).
  if (parts.some((p) => p === '' || p.startsWith('.') || /[\\\0]/.test(p))) return null;
  if (!TYPES[extname(decoded).toLowerCase()]) return null;
  const full = resolve(root, ...parts);
  return full.startsWith(root + sep) ? full : null;
}

/** The asset routes, serving `rootDir` (the repository's public/assets/ by default). */
export function assetRoutes(rootDir?: string) {
  const notFound = () => new AppError('not_found', 'no such asset');
  // Built on first use: publicDir() cannot be computed in a Worker bundle, which never gets here.
  let serve: MiddlewareHandler | undefined;
  const root = () => rootDir ?? publicDir();

  return new Hono()
    .use('/assets/*', async (c, next) => {
      // Our own check first: serveStatic refuses `..` but would serve a dot-file.
      const file = assetPath(root(), c.req.path.slice('/assets/'.length));
      if (!file) throw notFound();
      await next();
      if (c.res.status !== 200 && c.res.status !== 304) return;
      if (c.res.status === 200) c.header('Content-Type', TYPES[extname(file).toLowerCase()]);
      c.header('Cache-Control', CACHE_CONTROL);
      // Mail clients that render in a browser engine load these images from another origin;
      // the app-wide `same-origin` would block them there.
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    })
    // The ETag is the body's SHA-1: the same file gives the same tag on every process and
    // machine (a size-and-mtime tag changes with each checkout).
    .use('/assets/*', etag())
    .get(
      '/assets/*',
      (c, next) => (serve ??= serveStatic({ root: root(), rewriteRequestPath: (p) => p.slice('/assets'.length) }))(c, next),
      () => {
        throw notFound();
      },
    );
}
