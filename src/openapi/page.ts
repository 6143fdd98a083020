/**
 * The reference page at `/api/docs`: Swagger UI over `/api/openapi.json`. Its script is a file
 * of its own (`/api/docs/init.js`), not inline, so the page's CSP allows scripts from this
 * origin only, without `unsafe-inline` or `unsafe-eval`.
 */
import { html } from 'hono/html';
import { DOCS_ASSETS_PATH } from './assets.js';

/**
 * What the page needs and nothing more: scripts, styles and the document from this origin;
 * Swagger UI's inline style attributes and `data:` icons; its "Try it out" calls the API here.
 * The app-wide policy (src/app.ts) stays as it is for every other route.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page, titled after the publication. */
export const docsPage = (title: string) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>`;

/**
 * Starts Swagger UI. No validator badge (it would call swagger.io), no remembered token (the
 * admin token stays in the tab, not in localStorage).
 */
export const DOCS_INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: false,
  displayRequestDuration: true,
  defaultModelsExpandDepth: 0,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;
