/**
 * The console's guard, run before every console route: body size, cross-site requests refused by
 * their Origin / Sec-Fetch-Site (hono/csrf), the session required (a browser is sent to sign in),
 * and every state-changing request's form token checked against the session and the action.
 * It also hands the route its frame (for the layout) and its in-process admin API.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../deps.js';
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
const FORM_LIMIT = 512 * 1024;
/**
 * The CSV upload streams through to the API unread (the API parses it as it arrives, holds none
 * of it whole, and applies its own 64 MB limit), so its form token cannot be in the body: it
 * travels in the form's action (`?_csrf=`) or, from the page script, in `x-csrf-token`.
 */
export const IMPORT_PATH = `${CONSOLE_PATH}/subscribers/import`;

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** The middleware in front of every console route (see the file's comment for the order). */
export function consoleGuard(deps: AppDeps, fetch: AppFetch): MiddlewareHandler<ConsoleEnv> {
  const { config, clock } = deps;
  const tooLarge = (limit: number) => (c: Context) =>
    problemPage(c, config.publication, 413, 'Too large', `The console takes at most ${Math.round(limit / 1024 / 1024)} MB in one form.`);
  const formLimit = bodyLimit({ maxSize: FORM_LIMIT, onError: tooLarge(FORM_LIMIT) });
  // The public URL's origin, and the one the request reached (direct access, behind no proxy).
  const sameOrigin = csrf({ origin: (origin, c) => origin === new URL(config.baseUrl).origin || origin === new URL(c.req.url).origin });

  const forbidden = (c: Context, why: string) => problemPage(c, config.publication, 403, 'Refused', why);

  return async (c, next) => {
    const safe = SAFE.test(c.req.method);
    if (!safe) {
      try {
        await sameOrigin(c, async () => {});
      } catch (err) {
        if (err instanceof HTTPException && err.status === 403) return forbidden(c, 'This request came from another site. Use the console’s own forms.');
        throw err;
      }
      // The form token below also holds for bodies hono/csrf does not judge (JSON, other types).
    }
    const session = await readSession(c, config, clock);
    const open = OPEN.has(`${c.req.method} ${c.req.path}`);
    if (!session && !open) {
      if (safe) {
        const here = c.req.path + (new URL(c.req.url).search || '');
        return c.redirect(`${CONSOLE_PATH}?next=${encodeURIComponent(here)}`, 303);
      }
      return problemPage(c, config.publication, 401, 'Signed out', 'Your session has ended. Sign in again, then repeat what you were doing.', true);
    }
    c.set('frame', { publication: config.publication, path: c.req.path, token: session ? (action) => formToken(config, session, action) : null });
    if (session) {
      c.set('session', session);
      c.set('api', adminApi(fetch, () => config.adminToken, c));
    }
    if (safe) return next();

    if (c.req.path === IMPORT_PATH) {
      if (session && !isFormToken(config, session, c.req.path, c.req.header('x-csrf-token') ?? c.req.query('_csrf'))) return forbidden(c, 'This form has expired or did not come from this console. Reload the page and try again.');
      return next();
    }
    return formLimit(c, async () => {
      // The sign-in form has no session to bind a token to; its Origin was checked above.
      if (session && !open) {
        const given = c.req.header('x-csrf-token') ?? (await formField(c, '_csrf'));
        if (!isFormToken(config, session, c.req.path, given)) return void (c.res = await forbidden(c, 'This form has expired or did not come from this console. Reload the page and try again.'));
      }
      await next();
    });
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
