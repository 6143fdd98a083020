/** @jsxImportSource hono/jsx */
/**
 * The pieces the reader pages share: a message card, the link-problem and error pages (or their
 * JSON, for clients that do not prefer HTML), and the form controls for persona and language.
 * Every fixed word comes from the reader's catalog (`reader` section); every string is escaped by
 * hono/jsx.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Persona } from '../db/schema.js';
import { AppError, type ErrorCode, type ErrorPage } from '../http/errors.js';
import { prefersHtml } from '../http/negotiate.js';
import { CATALOGS, ensurePageLanguage, type Catalog } from '../i18n/index.js';
import { LANGUAGES } from '../subscribers/languages.js';
import { Layout, sendPage, type Site } from '../web/layout.js';
import type { LinkProblem } from './access.js';
import { formProblem } from './form-problems.js';
import { readerLanguage, type ReaderLanguage } from './language.js';
import { CONFIRM_TTL_MS } from './tokens.js';

export interface MessageProps {
  site: Site;
  lang: ReaderLanguage;
  title: string;
  /** "notice" (green) or "alert" (red) banner above the title. */
  banner?: { kind: 'notice' | 'alert'; text: string };
  noindex?: boolean;
  children?: Child;
}

/** A page with one card: a title and a few paragraphs or forms, in the page's language. */
export function MessagePage({ site, lang, title, banner, noindex = true, children }: MessageProps) {
  return (
    <Layout site={site} title={title} lang={lang.chrome} t={lang.t} languages={lang.choices} linkQuery={lang.query} noindex={noindex}>
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

/** Marks where a message's bold argument goes; a private-use character no catalog contains. */
const MARK = '\uE000';

/**
 * A catalog message with one argument (an address) in bold where the language's sentence puts it:
 * the message is written around a marker, then split there.
 */
export function Emphasis({ message, value }: { message: (mark: string) => string; value: string }) {
  const [before, ...after] = message(MARK).split(MARK);
  return (
    <>
      {before}
      <strong>{value}</strong>
      {after.join(value)}
    </>
  );
}

/** "Subscribe · Read the archive", keeping the page's language. */
export function SiteLinks({ lang }: { lang: ReaderLanguage }) {
  return (
    <p>
      <a href={`/${lang.query}`}>{lang.t.reader.links.subscribe}</a> · <a href={`/editions${lang.query}`}>{lang.t.reader.links.archive}</a>
    </p>
  );
}

const CONFIRM_TTL_DAYS = Math.round(CONFIRM_TTL_MS / 86_400_000);

/** A link problem in one catalog's words. */
function linkProblemWords(t: Catalog, problem: LinkProblem): { title: string; message: string } {
  const words = t.reader.linkProblems[problem.kind];
  return { title: words.title, message: typeof words.message === 'function' ? words.message(CONFIRM_TTL_DAYS) : words.message };
}

/** The page a refused reader link answers with. */
export function LinkProblemPage({ site, lang, problem }: { site: Site; lang: ReaderLanguage; problem: LinkProblem }) {
  const words = linkProblemWords(lang.t, problem);
  return (
    <MessagePage site={site} lang={lang} title={words.title}>
      <p class="lede">{words.message}</p>
      <SiteLinks lang={lang} />
    </MessagePage>
  );
}

/**
 * A refused link on a route that answers both: its page for a browser, in the reader's language
 * when the link still names one (`reader`), else the browser's; for anyone else the English words
 * as a JSON error (400 `bad_request`, 410 `gone`).
 */
export function refuseLink(c: Context, site: Site, problem: LinkProblem, reader?: string): Response | Promise<Response> {
  if (prefersHtml(c)) return sendPage(c, <LinkProblemPage site={site} lang={readerLanguage(c, { reader })} problem={problem} />, problem.status);
  const words = linkProblemWords(CATALOGS.en, problem);
  throw new AppError(problem.status === 410 ? 'gone' : 'bad_request', `${words.title}. ${words.message}`);
}

/** The error pages' words, by error code (`other` for the rest). */
const ERROR_WORDS: Partial<Record<ErrorCode, Exclude<keyof Catalog['reader']['errors'], 'notDone' | 'tooMany' | 'retryIn'>>> = {
  bad_request: 'badRequest',
  validation_error: 'invalid',
  payload_too_large: 'tooLarge',
  unsupported_media_type: 'notAForm',
  rate_limited: 'rateLimited',
  not_found: 'notFound',
};

/**
 * The error page of the reader's routes (see `errorPages`), and of any address nobody serves: what
 * happened, in plain words and the page's language (on a route with a reader link, `readerOf`
 * finds its reader's). The request's own problem is named only for a form that failed validation;
 * the JSON error keeps the developer's English message.
 */
export function readerErrorPage(site: () => Site, readerOf?: (c: Context) => Promise<string | undefined>): ErrorPage {
  return async (c, err) => {
    await ensurePageLanguage(c);
    // A failing database must not turn the error page itself into a failure: the browser's language then.
    const reader = err.status < 500 ? await readerOf?.(c).catch(() => undefined) : undefined;
    const lang = readerLanguage(c, { reader });
    const words = lang.t.reader.errors;
    const { title, lede } = words[ERROR_WORDS[err.code] ?? 'other'];
    const retry = Number(err.details?.headers?.['Retry-After']);
    const banner = err.code === 'not_found' ? undefined : { kind: 'alert' as const, text: err.code === 'rate_limited' ? words.tooMany : words.notDone };
    return sendPage(
      c,
      <MessagePage site={site()} lang={lang} title={title} banner={banner}>
        <p class="lede">
          {lede}
          {retry > 0 ? ` ${words.retryIn(retry)}` : ''}
        </p>
        {err.code === 'validation_error' ? <p class="muted small">{formProblem(err, lang.t)}</p> : null}
        <SiteLinks lang={lang} />
      </MessagePage>,
      err.status,
    );
  };
}

/** A radio list of personas, each with its description (editor data, in the editor's words). */
export function PersonaChoices({ t, personas, selected }: { t: Catalog; personas: Persona[]; selected?: string }) {
  return (
    <fieldset>
      <legend>
        {t.reader.form.readItAs}
        <span class="hint">{t.reader.form.personaHint}</span>
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
export function LanguageSelect({ t, selected }: { t: Catalog; selected: string }) {
  return (
    <div class="field">
      <label for="language">
        {t.reader.form.language} <span class="hint">{t.reader.form.languageHint}</span>
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
export function NameField({ t, value }: { t: Catalog; value?: string | null }) {
  return (
    <div class="field">
      <label for="name">
        {t.reader.form.name} <span class="hint">{t.reader.form.nameHint}</span>
      </label>
      <input id="name" name="name" type="text" autocomplete="name" maxlength={100} value={value ?? ''} />
    </div>
  );
}
