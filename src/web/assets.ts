/**
 * `GET /assets/*`: static files from the repository's `public/assets/` folder (edition
 * illustrations). On Node the files are read from disk; on Workers, wrangler's static assets
 * serve `public/` before the Worker runs, so this route is not reached there.
 */
import { Hono } from 'hono';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { AppError } from '../http/errors.js';
import { projectFile } from '../paths.js';

/**
 * The repository's public/assets/ folder, served at /assets/ (Workers serve `public/` as static
 * assets, so the same URLs work there). Computed on use: a Worker bundle has no file URL.
 */
export const publicDir = () => projectFile('public/assets');

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

export function assetRoutes(rootDir?: string) {
  const notFound = () => new AppError('not_found', 'no such asset');
  return new Hono().get('/assets/*', async (c) => {
    const file = assetPath(rootDir ?? publicDir(), c.req.path.slice('/assets/'.length));
    if (!file) throw notFound();
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw notFound();
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers = {
      'Content-Type': TYPES[extname(file).toLowerCase()],
      'Cache-Control': 'public, max-age=86400',
      ETag: etag,
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(await readFile(file)), 200, headers);
  });
}
