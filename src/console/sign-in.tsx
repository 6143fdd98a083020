/** @jsxImportSource hono/jsx */
/**
 * `GET /admin` (the sign-in page, or on to the editions when signed in), `POST /admin/sign-in`
 * (one password field for ADMIN_TOKEN, compared in constant time; attempts limited per client
 * address) and `POST /admin/sign-out`.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { clientAddress } from '../reader/rate-limit.js';
import type { ConsoleEnv } from './guard.js';
import { ConsoleLayout, sendConsolePage, type Frame } from './layout.js';
import { endSession, isAdminToken, readSession, startSession } from './session.js';
import { Notice } from './ui.js';

const HOME = '/admin/editions';

/** Where to go after signing in: a console path only (no other site, no `//host`, no API). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/admin\/[A-Za-z0-9/_?=&%.~+-]*$/.test(next) || next.includes('//') || next.includes('..')) return HOME;
  return next;
}

function SignInPage({ frame, next, problem }: { frame: Frame; next: string; problem?: string }) {
  return (
    <ConsoleLayout frame={frame} title="Sign in">
      <article class="card signin">
        <p class="kicker">Editors' console</p>
        <h1>Sign in</h1>
        {problem ? <Notice kind="alert">{problem}</Notice> : null}
        <form method="post" action="/admin/sign-in">
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="token">Admin token</label>
            <span class="hint" id="token-hint">
              The <code>ADMIN_TOKEN</code> the service was started with (npm start prints it the first time).
            </span>
            <input id="token" name="token" type="password" autocomplete="current-password" required aria-describedby="token-hint" />
          </div>
          <div class="actions">
            <button type="submit">Sign in</button>
          </div>
        </form>
      </article>
    </ConsoleLayout>
  );
}

/** `GET /admin`, `POST /admin/sign-in`, `POST /admin/sign-out`. */
export function signInRoutes(deps: AppDeps) {
  const { config, clock } = deps;
  // Comes with the deps, as the reader's: in the process on Node, a Durable Object per address on Workers.
  const limiter = deps.signInLimiter;
  const page = (frame: Frame, next: string, problem?: string) => <SignInPage frame={frame} next={next} problem={problem} />;

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const next = safeNext(c.req.query('next'));
      if (await readSession(c, config, clock)) return c.redirect(next, 303);
      return sendConsolePage(c, page(c.get('frame'), next));
    })
    .post('/sign-in', async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const next = safeNext(form.next);
      const decision = await limiter.hit(clientAddress(c, config.trustedProxy));
      if (!decision.ok) {
        c.header('Retry-After', String(decision.retryAfterSeconds));
        const minutes = Math.ceil(decision.retryAfterSeconds / 60);
        return sendConsolePage(c, page(c.get('frame'), next, `Too many sign-in attempts from your address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`), 429);
      }
      const token = typeof form.token === 'string' ? form.token : '';
      if (!isAdminToken(token, config.adminToken)) {
        return sendConsolePage(c, page(c.get('frame'), next, 'That is not the admin token.'), 401);
      }
      await startSession(c, config, clock);
      return c.redirect(next, 303);
    })
    .post('/sign-out', (c) => {
      endSession(c, config);
      return c.redirect('/admin', 303);
    });
}
