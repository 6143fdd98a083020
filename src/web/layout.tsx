/** @jsxImportSource hono/jsx */
/**
 * The frame of every public page: the emails' look, a `lang` attribute, a viewport meta, no
 * scripts. Strings given to these components are escaped by hono/jsx.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { pageCss } from './styles.js';

/** What every page shows about the publication. */
export interface Site {
  publication: string;
  postalAddress: string;
}

export interface LayoutProps {
  site: Site;
  title: string;
  /** BCP 47 language of the page's content. */
  lang?: string;
  description?: string;
  /** Pages reached through personal links are kept out of search engines. */
  noindex?: boolean;
  children?: Child;
}

/** The document: head, masthead line, the page's card(s), footer. */
export function Layout({ site, title, lang = 'en', description, noindex, children }: LayoutProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        {noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
        {description ? <meta name="description" content={description} /> : null}
        <title>{title === site.publication ? title : `${title} · ${site.publication}`}</title>
        <link rel="icon" type="image/svg+xml" href="/assets/favicon.svg" />
        <link rel="alternate" type="application/rss+xml" title={site.publication} href="/feed.xml" />
        <style dangerouslySetInnerHTML={{ __html: pageCss }} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <div class="wrap">
          <header class="top">
            <a class="brand" href="/">
              {site.publication}
            </a>
            <nav class="nav" aria-label="Site">
              <a href="/editions">Archive</a>
              <a href="/">Subscribe</a>
              <a href="/feed.xml">RSS</a>
            </nav>
          </header>
          <main id="main">{children}</main>
          <footer>
            <p>
              {site.publication} · {site.postalAddress}
            </p>
          </footer>
        </div>
      </body>
    </html>
  );
}

/** Sends a page with its doctype. */
export function sendPage(c: Context, page: ReturnType<typeof Layout>, status: ContentfulStatusCode = 200) {
  return c.html(html`<!doctype html>${page}`, status);
}
