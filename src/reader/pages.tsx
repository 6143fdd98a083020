/** @jsxImportSource hono/jsx */
/**
 * The pieces the reader pages share: a message card, the link-problem page, and the form
 * controls for persona and language. Every string is escaped by hono/jsx.
 */
import type { Child } from 'hono/jsx';
import type { Persona } from '../db/schema.js';
import { LANGUAGES } from '../subscribers/languages.js';
import { Layout, type Site } from '../web/layout.js';
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
