/** @jsxImportSource hono/jsx */
/**
 * The web version of a sent edition, laid out like the email: nameplate, headline, byline,
 * illustration, the persona's TL;DR (saying whose it is), the "Read it as…" switcher, the body,
 * share links, the next teaser and a subscribe box. The chrome speaks the page's language; the
 * article (translated into it when the edition asked, with who translated it and a link to the
 * original) and the TL;DR carry their own `lang`.
 */
import { raw } from 'hono/html';
import type { Edition, Persona } from '../db/schema.js';
import { formatDate, type Catalog } from '../i18n/index.js';
import { markdownToEmailHtml, readingMinutes, tldrKicker, tldrSourceLabel, translationLine, type TranslationContent } from '../render/index.js';
import type { PageLanguage } from './language.js';
import { Layout, type Site } from './layout.js';
import { ShareCard, ShareLinks, SubscribeBox } from './share.js';
import type { WebTldr } from './store.js';

export interface EditionPageProps {
  site: Site;
  /** The public base URL: share links and cards need absolute addresses. */
  baseUrl: string;
  lang: PageLanguage;
  /** The edition as shown: its "Next article" already dropped when it leads nowhere. */
  edition: Edition;
  personas: Persona[];
  persona: Persona;
  tldr: WebTldr;
  /** The article in the page's language, or the note that no translation was usable; null: as written. */
  translation: TranslationContent | null;
  /** Present when the page was opened from a signed "Read it as…" link. */
  reader?: { token: string; currentPersona: string };
}

export const editionPath = (slug: string) => `/editions/${encodeURIComponent(slug)}`;

export function EditionPage({ site, baseUrl, lang, edition: e, personas, persona, tldr, translation, reader }: EditionPageProps) {
  const { t } = lang;
  // The article as this reader reads it; the illustration and the teaser keep the original's language.
  const text = translation?.kind === 'translated' ? translation : { title: e.title, dek: e.dek, body: e.body, language: e.language };
  const kicker = [site.publication, e.section, t.article.editionNumber(e.number)].filter(Boolean).join(' · ');
  const readAs = (slug: string) => {
    const params = new URLSearchParams({ as: slug });
    if (lang.explicit) params.set('lang', lang.language);
    if (reader) params.set('t', reader.token);
    return `${editionPath(e.slug)}?${params}`;
  };
  const publicUrl = `${baseUrl}${editionPath(e.slug)}`;
  return (
    <Layout
      site={site}
      title={text.title}
      lang={lang.chrome}
      t={t}
      languages={lang.choices}
      linkQuery={lang.query}
      description={text.dek || undefined}
      noindex={!!reader}
      head={<ShareCard site={site} baseUrl={baseUrl} edition={e} url={publicUrl} />}
    >
      <article class="card">
        <p class="kicker">{kicker}</p>
        <h1 lang={text.language}>{text.title}</h1>
        {text.dek ? (
          <p class="dek" lang={text.language}>
            {text.dek}
          </p>
        ) : null}
        <p class="byline">
          {e.author ? (
            <span class="avatar" aria-hidden="true">
              {Array.from(e.author.trim())[0]?.toUpperCase()}
            </span>
          ) : null}
          <span>
            {e.author ? <strong>{e.author}</strong> : null}
            {e.author ? ' · ' : ''}
            <time datetime={e.date}>{formatDate(e.date, t.meta.locale)}</time> ·{' '}
            <span class="nowrap">{t.article.readingTime(e.readingTime ?? readingMinutes(text.body))}</span>
          </span>
        </p>
        {translation ? <TranslationLine t={t} translation={translation} originalLanguage={e.language} /> : null}
        {e.illustration ? (
          <figure lang={e.language}>
            <img src={e.illustration.src} alt={e.illustration.alt} width={1200} height={630} />
            {e.illustration.caption ? <figcaption>{e.illustration.caption}</figcaption> : null}
          </figure>
        ) : null}
        {tldr.text ? <Tldr t={t} tldr={tldr} persona={persona} /> : null}
        <nav class="switcher" aria-label={t.editionPage.readItAsNav}>
          <span class="muted">{t.article.readItAs}</span>
          <ul>
            {personas.map((p) => (
              <li>
                <a href={readAs(p.slug)} aria-current={p.slug === persona.slug ? 'page' : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
          {reader ? <DefaultPersona t={t} edition={e} persona={persona} reader={reader} /> : null}
        </nav>
        <div class="body" lang={text.language}>
          {raw(markdownToEmailHtml(text.body))}
        </div>
        <ShareLinks t={t} url={publicUrl} title={text.title} />
        {e.next ? (
          <aside class="next" aria-label={t.article.nextArticle}>
            <p class="kicker" style="border:0;margin:0 0 4px;padding:0">
              {t.article.nextArticle}
            </p>
            <p style="margin:0" lang={e.language}>
              <a href={e.next.url}>
                <strong>{e.next.title}</strong>
              </a>
            </p>
          </aside>
        ) : null}
      </article>
      <SubscribeBox t={t} site={site} language={lang.language} persona={persona.slug} />
    </Layout>
  );
}

/** Who translated the article, with a link to the original; or that no translation was usable. */
function TranslationLine({ t, translation, originalLanguage }: { t: Catalog; translation: TranslationContent; originalLanguage: string }) {
  const line = translationLine(t, translation, originalLanguage);
  return (
    <p class="small muted translation">
      {line.text}
      {translation.kind === 'translated' && line.link ? (
        <>
          {' · '}
          <a href={translation.originalUrl} hreflang={originalLanguage}>
            {line.link}
          </a>
        </>
      ) : null}
    </p>
  );
}

/** The TL;DR, whose it is and who wrote it: the same honest words as the email. */
function Tldr({ t, tldr, persona }: { t: Catalog; tldr: WebTldr; persona: Persona }) {
  return (
    <section class="tldr" id="tldr" aria-labelledby="tldr-h">
      <h2 id="tldr-h">{tldrKicker(tldr.source, persona.label, t.article)}</h2>
      <p lang={tldr.textLanguage}>{tldr.text}</p>
      {tldr.why ? (
        <p class="why" lang={tldr.textLanguage}>
          {tldr.why}
        </p>
      ) : null}
      <p class="label">{tldrSourceLabel(tldr.source, t.article)}</p>
    </section>
  );
}

function DefaultPersona({ t, edition, persona, reader }: { t: Catalog; edition: Edition; persona: Persona; reader: { token: string; currentPersona: string } }) {
  if (reader.currentPersona === persona.slug) {
    return <p class="small muted">{t.editionPage.isDefault(persona.label)}</p>;
  }
  return (
    <form method="post" action={`/persona/${reader.token}`} style="margin-top:12px">
      <input type="hidden" name="persona" value={persona.slug} />
      <input type="hidden" name="edition" value={edition.slug} />
      <button type="submit" class="secondary">
        {t.editionPage.makeDefault(persona.label)}
      </button>
    </form>
  );
}
