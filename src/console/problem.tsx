/** @jsxImportSource hono/jsx */
/**
 * The page a console request is refused with (forgery, an ended session, a missing edition, an
 * oversize form): the status, a plain sentence, and where to go from here.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Frame } from './layout.js';
import { ConsoleLayout, sendConsolePage } from './layout.js';

/** Answers with the console's problem page (`signIn`: point to the sign-in page). */
export function problemPage(c: Context, publication: string, status: ContentfulStatusCode, title: string, message: string, signIn = false) {
  const known = c.get('frame') as Frame | undefined;
  const frame: Frame = known ?? { publication, path: c.req.path, token: null };
  return sendConsolePage(
    c,
    <ConsoleLayout frame={frame} title={title}>
      <article class="card">
        <h1>{title}</h1>
        <p class="lede">{message}</p>
        <p>{signIn || !frame.token ? <a href="/admin">Sign in</a> : <a href="/admin/editions">Back to the editions</a>}</p>
      </article>
    </ConsoleLayout>,
    status,
  );
}
