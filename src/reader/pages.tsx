/** @jsxImportSource hono/jsx */
/**
 * The pieces the reader pages share: a message card, the link-problem and error pages (or their
 * JSON, for clients that do not prefer HTML), and the form controls for persona and language.
 * Every string is escaped by hono/jsx.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Persona } from '../db/schema.js';
import { AppError, type ErrorCode, type ErrorPage } from '../http/errors.js';
import { prefersHtml } from '../http/negotiate.js';
import { LANGUAGES } from '../subscribers/languages.js';
import { Layout, sendPage, type Site } from '../web/layout.js';
import type { LinkProblem } from './access.js';

export interface MessageProps {
  site: Site;
  title: string;
  /** "notice" (green) or "alert" (red) banner above the title. */
  banner?: { kind: 'notice' | 'alert'; text: string };
  noindex?: boolean;
  children?: Child;
}

/** A page with one card: a title and a few paragraphs or forms. */
export function MessagePage({ site, title, banner, noindex = true, children }: MessageProps) {
  return (
    <Layout site={site} title={title} noindex={noindex}>
      <article class="card">
        {banner ? (
          <p class={banner.kind} role={banner.kind === 'alert' ? 'alert' : 'status'}>
            {banner.text}
          </p>
        ) : null}
        <h1>{title}</h1>
        {children}
      </article>
    </Layout>
  );
}

/** The page a refused reader link answers with. */
export function LinkProblemPage({ site, problem }: { site: Site; problem: LinkProblem }) {
  return (
    <MessagePage site={site} title={problem.title}>
      <p class="lede">{problem.message}</p>
      <p>
        <a href="/">Subscribe</a> · <a href="/editions">Read the archive</a>
      </p>
    </MessagePage>
  );
}

/**
 * A refused link on a route that answers both: its page for a browser, the same words as a JSON
 * error (400 `bad_request`, 410 `gone`) for anyone else.
 */
export function refuseLink(c: Context, site: Site, problem: LinkProblem): Response | Promise<Response> {
  if (prefersHtml(c)) return sendPage(c, <LinkProblemPage site={site} problem={problem} />, problem.status);
  throw new AppError(problem.status === 410 ? 'gone' : 'bad_request', `${problem.title}. ${problem.message}`);
}

const ERROR_WORDS: Partial<Record<ErrorCode, { title: string; lede: string }>> = {
  bad_request: { title: 'That form could not be read', lede: 'Nothing was changed. Go back and send the form again.' },
  validation_error: { title: 'That form could not be used', lede: 'Nothing was changed. Go back and check what you entered.' },
  payload_too_large: { title: 'That form was too large', lede: 'Nothing was changed. Go back and try again with less text.' },
  unsupported_media_type: { title: 'That was not a form', lede: 'Nothing was changed. Send the form from its page.' },
  rate_limited: { title: 'Please wait a moment', lede: 'We had several requests from your network in the last few minutes.' },
};

/** The error page of the reader's form routes (see `errorPages`): what happened, in plain words. */
export function readerErrorPage(site: () => Site): ErrorPage {
  return (c, err) => {
    const words = ERROR_WORDS[err.code] ?? { title: 'Something went wrong', lede: 'Please try again in a moment.' };
    const retry = err.details?.headers?.['Retry-After'];
    return sendPage(
      c,
      <MessagePage site={site()} title={words.title} banner={{ kind: 'alert', text: err.code === 'rate_limited' ? 'Too many requests.' : 'Not done.' }}>
        <p class="lede">
          {words.lede}
          {retry ? ` Please try again in ${retry} seconds.` : ''}
        </p>
        {err.status < 500 && err.code !== 'rate_limited' ? <p class="muted small">{err.message}</p> : null}
        <p>
          <a href="/">Subscribe</a> · <a href="/editions">Read the archive</a>
        </p>
      </MessagePage>,
      err.status,
    );
  };
}

/** A radio list of personas, each with its description. */
export function PersonaChoices({ personas, selected, legend }: { personas: Persona[]; selected?: string; legend: string }) {
  return (
    <fieldset>
      <legend>
        {legend}
        <span class="hint">Your TL;DR at the top of each edition is written for the reader you pick.</span>
      </legend>
      {personas.map((p) => (
        <label class="option">
          <input type="radio" name="persona" value={p.slug} checked={p.slug === selected} />
          <span>
            <strong>{p.label}</strong>
            <span>{p.description}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The language select, each language in its own words. */
export function LanguageSelect({ selected }: { selected: string }) {
  return (
    <div class="field">
      <label for="language">
        Language <span class="hint">for your TL;DR</span>
      </label>
      <select id="language" name="language">
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option value={code} selected={code === selected} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The name field (optional everywhere). */
export function NameField({ value }: { value?: string | null }) {
  return (
    <div class="field">
      <label for="name">
        Name <span class="hint">optional — how we greet you</span>
      </label>
      <input id="name" name="name" type="text" autocomplete="name" maxlength={100} value={value ?? ''} />
    </div>
  );
}
