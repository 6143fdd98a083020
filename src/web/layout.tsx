/** @jsxImportSource hono/jsx */
/**
 * The frame of every public page: the emails' look, a `lang` attribute, a viewport meta, no
 * scripts, and (when the page says which) a visible language switch. Strings given to these
 * components are escaped by hono/jsx. Every prop beyond `site` and `title` is optional, so a page
 * that passes none gets the English frame it always had.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CATALOGS, type Catalog } from '../i18n/index.js';
import { pageCss } from './styles.js';

/** What every page shows about the publication. */
export interface Site {
  publication: string;
  postalAddress: string;
}

/** One entry of the language switch: a language in its own words and this page in it. */
export interface LanguageChoice {
  code: string;
  name: string;
  href: string;
  current: boolean;
}

export interface LayoutProps {
  site: Site;
  title: string;
  /** BCP 47 language of the page's chrome (parts in another language carry their own `lang`). */
  lang?: string;
  /** The chrome's words; English by default. */
  t?: Catalog;
  description?: string;
  /** Pages reached through personal links are kept out of search engines. */
  noindex?: boolean;
  /** The language switch; none when absent. */
  languages?: LanguageChoice[];
  /** Appended to the site links ("?lang=es") when the page's language was asked for explicitly. */
  linkQuery?: string;
  /** Extra `<head>` elements: a page's share card. */
  head?: Child;
  children?: Child;
}

/** The document: head, masthead line, the page's card(s), footer. */
export function Layout({ site, title, lang = 'en', t = CATALOGS.en, description, noindex, languages, linkQuery = '', head, children }: LayoutProps) {
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
        {head}
        <style dangerouslySetInnerHTML={{ __html: pageCss }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.site.skip}
        </a>
        <div class="wrap">
          <header class="top">
            <a class="brand" href={`/${linkQuery}`}>
              {site.publication}
            </a>
            <nav class="nav" aria-label={site.publication}>
              <a href={`/editions${linkQuery}`}>{t.site.archive}</a>
              <a href={`/${linkQuery}`}>{t.site.subscribe}</a>
              <a href="/feed.xml">{t.site.rss}</a>
            </nav>
            {languages && languages.length > 1 ? <LanguageSwitch label={t.site.language} languages={languages} /> : null}
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

/** "English · Español": each language in its own words, the current one marked. */
function LanguageSwitch({ label, languages }: { label: string; languages: LanguageChoice[] }) {
  return (
    <nav class="langs" aria-label={label}>
      <span class="muted">{label}:</span>
      {languages.map((l) => (
        <a href={l.href} hreflang={l.code} lang={l.code} aria-current={l.current ? 'true' : undefined}>
          {l.name}
        </a>
      ))}
    </nav>
  );
}

/** Sends a page with its doctype. */
export function sendPage(c: Context, page: ReturnType<typeof Layout>, status: ContentfulStatusCode = 200) {
  return c.html(html`<!doctype html>${page}`, status);
}
