/**
 * Content negotiation for the routes that can answer both a page and JSON (PRODUCT.md): HTML
 * only when the client prefers `text/html` (a browser's form post); JSON for everyone else — API
 * clients, `*∕*`, no Accept at all (RFC 8058 one-click posts send none).
 */
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

/**
 * Whether the client prefers an HTML page to JSON, by Accept's q-values. A wildcard (`*∕*`)
 * prefers neither and gets JSON; `text/*` counts as HTML; ties go to JSON.
 */
export function prefersHtml(c: Context): boolean {
  return accepts(c, { header: 'Accept', supports: ['application/json', 'text/html'], default: 'application/json' }) === 'text/html';
}

/** Answers with `page()` for a client that prefers HTML, with `json()` for everyone else. */
export function negotiate(
  c: Context,
  answers: { page: () => Response | Promise<Response>; json: () => Response | Promise<Response> },
): Response | Promise<Response> {
  return prefersHtml(c) ? answers.page() : answers.json();
}
