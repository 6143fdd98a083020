/**
 * The console's guard, run before every console route: cross-site requests refused by their
 * Origin / Sec-Fetch-Site (hono/csrf), body size, the session required (a browser is sent to sign
 * in), and every state-changing request's form token checked against the session and the action.
 * It also hands the route its frame (for the layout) and its in-process admin API.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../deps.js';
import { KB, limitBody, tooLarge } from '../http/body-limit.js';
import { AppError } from '../http/errors.js';
import { mediaType } from '../http/media-type.js';
import { prefersHtml } from '../http/negotiate.js';
import { MAX_IMPORT_BYTES } from '../subscribers/routes.js';
import { adminApi, type AdminApi, type AppFetch } from './api.js';
import type { Frame } from './layout.js';
import { problemPage } from './problem.js';
import { CONSOLE_PATH, formToken, isFormToken, readSession, type Session } from './session.js';

/** What the guard hands every console route: the session, the API client, the page frame. */
export interface ConsoleEnv {
  Variables: { session: Session; api: AdminApi; frame: Frame };
}

/** What may be reached without a session: the sign-in page and form, and the script. */
const OPEN = new Set([`GET ${CONSOLE_PATH}`, `HEAD ${CONSOLE_PATH}`, `POST ${CONSOLE_PATH}/sign-in`, `GET ${CONSOLE_PATH}/console.js`]);

/** Forms are small; an edition's Markdown is the largest (200 KB), with room for its fields. */
export const FORM_LIMIT = 512 * KB;
/** The sign-in form holds one token: anyone may post it, so it is read no further than this. */
export const SIGN_IN_LIMIT = 4 * KB;
/**
 * The CSV upload streams through to the API unread (the API parses it as it arrives, holds none
 * of it whole, and applies its own limit as it streams), so its form token cannot be in the body:
 * it travels in the form's action (`?_csrf=`) or, from the page script, in `x-csrf-token`.
 */
export const IMPORT_PATH = `${CONSOLE_PATH}/subscribers/import`;

const SAFE = /^(GET|HEAD|OPTIONS)$/;
const EXPIRED = 'This form has expired or did not come from this console. Reload the page and try again.';

/**
 * The middleware in front of every console route. In order, for a state-changing request: its
 * Origin (another site's is refused, 403); its size (over the form's limit, 413, read no
 * further; an upload that is not a multipart form, 415); then, for every request, the session
 * (a browser is sent to sign in; a post without one is a 401) and the form token (403).
 * Refusals are pages for a browser, `{error}` JSON for anyone else (PRODUCT.md's negotiation).
 */
export function consoleGuard(deps: AppDeps, fetch: AppFetch): MiddlewareHandler<ConsoleEnv> {
  const { config, clock } = deps;
  const formLimit = limitBody(FORM_LIMIT, 'a console form');
  const signInLimit = limitBody(SIGN_IN_LIMIT, 'a sign-in');
  // The public URL's origin, and the one the request reached (direct access, behind no proxy).
  const sameOrigin = csrf({ origin: (origin, c) => origin === new URL(config.baseUrl).origin || origin === new URL(c.req.url).origin });

  /** A refusal: the console's page for a browser, the API's error JSON for anyone else. */
  const refuse = (c: Context, error: AppError, title: string, signIn = false) => {
    if (!prefersHtml(c)) throw error;
    for (const [k, v] of Object.entries(error.details?.headers ?? {})) c.header(k, v);
    return problemPage(c, config.publication, error.status, title, error.message.replace(/^body: /, ''), signIn);
  };

  return async (c, next) => {
    const safe = SAFE.test(c.req.method);
    const open = OPEN.has(`${c.req.method} ${c.req.path}`);
    if (!safe) {
      try {
        await sameOrigin(c, async () => {});
      } catch (err) {
        if (!(err instanceof HTTPException && err.status === 403)) throw err;
        return refuse(c, new AppError('forbidden', 'This request came from another site. Use the console’s own forms.'), 'Refused');
      }
      // The form token below also holds for bodies hono/csrf does not judge (JSON, other types).
      try {
        if (c.req.path === IMPORT_PATH) {
          const declared = c.req.header('content-length');
          if (declared !== undefined && Number(declared) > MAX_IMPORT_BYTES) throw tooLarge('an import', MAX_IMPORT_BYTES);
          if (mediaType(c) !== 'multipart/form-data') throw new AppError('unsupported_media_type', 'expected the import form (multipart/form-data with a "file" field)');
        } else {
          // Read now (up to the limit), so nothing later reads an oversize body.
          await (open ? signInLimit : formLimit)(c, async () => {});
        }
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return refuse(c, err, err.code === 'payload_too_large' ? 'Too large' : 'Not a form');
      }
    }
    const session = await readSession(c, config, clock);
    if (!session && !open) {
      if (safe) {
        const here = c.req.path + (new URL(c.req.url).search || '');
        return c.redirect(`${CONSOLE_PATH}?next=${encodeURIComponent(here)}`, 303);
      }
      return refuse(c, new AppError('unauthorized', 'Your session has ended. Sign in again, then repeat what you were doing.'), 'Signed out', true);
    }
    c.set('frame', { publication: config.publication, path: c.req.path, token: session ? (action) => formToken(config, session, action) : null });
    if (session) {
      c.set('session', session);
      c.set('api', adminApi(fetch, () => config.adminToken, c));
    }
    // The sign-in form has no session to bind a token to; its Origin was checked above.
    if (!safe && session && !open) {
      const given = c.req.header('x-csrf-token') ?? (c.req.path === IMPORT_PATH ? c.req.query('_csrf') : await formField(c, '_csrf'));
      if (!isFormToken(config, session, c.req.path, given)) return refuse(c, new AppError('forbidden', EXPIRED), 'Refused');
    }
    return next();
  };
}

/** A field of a form body (parsed once; hono keeps the parse for the route). */
async function formField(c: Context, name: string): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  try {
    return (await c.req.parseBody())[name];
  } catch {
    return undefined;
  }
}
