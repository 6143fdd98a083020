/** @jsxImportSource hono/jsx */
/**
 * The console's frame: the publication's masthead line, the console's navigation (real links, the
 * current one marked), a sign-out form, the page, and the one script file. Strings are escaped
 * by hono/jsx.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { consolePageCss } from './styles.js';

/** What every console page knows about the request it answers. */
export interface Frame {
  publication: string;
  /** The request's path, to mark the current section. */
  path: string;
  /** The token a form posting to `action` carries; null when nobody is signed in. */
  token: ((action: string) => string) | null;
}

const SECTIONS = [
  { href: '/admin/editions', label: 'Editions' },
  { href: '/admin/subscribers', label: 'Subscribers' },
  { href: '/admin/personas', label: 'Personas' },
  { href: '/admin/settings', label: 'Settings' },
];

/** The hidden token of a form; every console form includes it. */
export function FormToken({ frame, action }: { frame: Frame; action: string }) {
  return frame.token ? <input type="hidden" name="_csrf" value={frame.token(action)} /> : null;
}

/** A POST form with its token. */
export function PostForm(props: { frame: Frame; action: string; class?: string; id?: string; enctype?: 'multipart/form-data'; upload?: boolean; children?: Child }) {
  return (
    <form method="post" action={props.action} class={props.class} id={props.id} enctype={props.enctype} data-upload={props.upload ? '' : undefined}>
      <FormToken frame={props.frame} action={props.action} />
      {props.children}
    </form>
  );
}

/** Props of the console's frame. */
export interface ConsoleLayoutProps {
  frame: Frame;
  title: string;
  children?: Child;
}

/** The document: head, the console bar (when signed in), the page, footer. */
export function ConsoleLayout({ frame, title, children }: ConsoleLayoutProps) {
  const current = SECTIONS.find((s) => frame.path === s.href || frame.path.startsWith(`${s.href}/`));
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${frame.publication} console`}</title>
        <link rel="icon" type="image/svg+xml" href="/assets/favicon.svg" />
        <style dangerouslySetInnerHTML={{ __html: consolePageCss }} />
        <script src="/admin/console.js" defer></script>
      </head>
      <body class="console">
        <a class="skip" href="#main">
          Skip to content
        </a>
        <div class="wrap">
          <header class="bar-top">
            <a class="brand" href={frame.token ? '/admin/editions' : '/admin'}>
              {frame.publication} · Console
            </a>
            {frame.token ? (
              <>
                <nav class="console-nav" aria-label="Console">
                  <ul>
                    {SECTIONS.map((s) => (
                      <li>
                        <a href={s.href} aria-current={s === current ? 'page' : undefined}>
                          {s.label}
                        </a>
                      </li>
                    ))}
                    <li>
                      <a href="/api/docs">API docs</a>
                    </li>
                  </ul>
                </nav>
                <PostForm frame={frame} action="/admin/sign-out" class="signout">
                  <button type="submit" class="secondary">
                    Sign out
                  </button>
                </PostForm>
              </>
            ) : null}
          </header>
          <main id="main">{children}</main>
          <footer>
            <p>
              {frame.publication} · editors' console · <a href="/editions">the public archive</a>
            </p>
          </footer>
        </div>
      </body>
    </html>
  );
}

/** Sends a console page with its doctype; console pages are never cached. */
export function sendConsolePage(c: Context, page: ReturnType<typeof ConsoleLayout>, status: ContentfulStatusCode = 200) {
  c.header('Cache-Control', 'no-store');
  return c.html(html`<!doctype html>${page}`, status);
}
