/**
 * The editors' console at `/admin`: server-rendered pages (hono/jsx) over the admin API, called
 * in-process (src/console/api.ts) so every rule and side effect is the API's own. The guard
 * (guard.ts) stands in front of every route: forgery, session, form token, body size.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { prefersHtml } from '../http/negotiate.js';
import type { AppFetch } from './api.js';
import { ApiRefusal } from './api.js';
import { compareRoutes } from './editions/compare.js';
import { editorRoutes } from './editions/editor.js';
import { editionsPage } from './editions/list.js';
import { progressRoutes } from './editions/progress.js';
import { sendRoutes } from './editions/send.js';
import { statsPage } from './editions/stats.js';
import { tldrRoutes } from './editions/tldrs.js';
import { translationRoutes } from './editions/translations.js';
import { consoleGuard, type ConsoleEnv } from './guard.js';
import { problemPage } from './problem.js';
import { personaRoutes } from './personas.js';
import { scriptRoutes } from './script.js';
import { settingsPage } from './settings.js';
import { signInRoutes } from './sign-in.js';
import { subscriberRoutes } from './subscribers/routes.js';

/**
 * The console's routes, to mount at `/admin`. `fetch` is the app's own: the console reaches the
 * admin API through it, with the admin token, never over the network.
 */
export function consoleRoutes(deps: AppDeps, fetch: AppFetch) {
  const app = new Hono<ConsoleEnv>();
  app.use(consoleGuard(deps, fetch));
  // A read the page needs was refused: say so as a page (the API's words), not as JSON.
  app.use(async (c, next) => {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof ApiRefusal)) throw err;
      c.res = await problemPage(c, deps.config.publication, err.error.status === 404 ? 404 : 502, 'Could not load this page', err.error.message);
    }
  });
  return app
    .route('/', signInRoutes(deps))
    .route('/', scriptRoutes())
    .get('/editions', editionsPage)
    .route('/editions', editorRoutes({ now: () => deps.clock.now() }))
    .route('/editions', tldrRoutes(deps))
    .route('/editions', translationRoutes())
    .route('/editions', compareRoutes())
    .route('/editions', sendRoutes(deps))
    .route('/editions', progressRoutes({ now: () => deps.clock.now() }))
    .get('/editions/:id{[0-9]+}/stats', statsPage)
    .route('/subscribers', subscriberRoutes(deps))
    .route('/personas', personaRoutes(deps))
    .get('/settings', settingsPage(deps))
    // Last: the app's not-found page is the reader's (in the reader's language); an editor who
    // mistypes a console address gets the console's page, a program the API's JSON.
    .all('*', (c) => {
      if (!prefersHtml(c)) throw new AppError('not_found', 'no such route');
      return problemPage(c, deps.config.publication, 404, 'No such page', `The console has no page at ${c.req.path}.`);
    });
}
