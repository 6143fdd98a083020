/**
 * wrangler's build step (wrangler.toml `[build]`): copies Swagger UI's files for the reference
 * page from the installed package into `public/`, so on Workers Cloudflare serves them at the
 * same URLs as Node (`/api/docs/assets/…`) before the Worker runs. The copies are not committed.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOCS_ASSETS_PATH, SWAGGER_UI_FILES, swaggerUiDir } from '../src/openapi/assets.js';

const target = resolve(import.meta.dirname, '..', 'public', ...DOCS_ASSETS_PATH.split('/').filter(Boolean));
mkdirSync(target, { recursive: true });
for (const file of Object.keys(SWAGGER_UI_FILES)) copyFileSync(join(swaggerUiDir(), file), join(target, file));
