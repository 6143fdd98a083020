/** @jsxImportSource hono/jsx */
/**
 * `GET /editions` (the archive of sent editions) and `GET /editions/:slug?as=&lang=&t=` (the web
 * version), in the reader's language: `?lang=` (what the email's links carry), then a signed
 * reader's own language, then `Accept-Language`.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { formatDate, pageLanguage, type LanguageVariables } from '../i18n/index.js';
import { listPersonas } from '../personas/store.js';
import { subscriberForLink } from '../reader/access.js';
import { EditionPage, editionPath } from './edition-page.js';
import { languageOfPage } from './language.js';
import { Layout, sendPage, type Site } from './layout.js';
import { getPublishedEdition, knownNext, listSentEditions, tldrFor, translationFor } from './store.js';

export function archiveRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const site = (): Site => ({ publication: config.publication, postalAddress: config.postalAddress });

  return new Hono<{ Variables: LanguageVariables }>()
    // `/editions/*` covers `/editions` too.
    .use('/editions/*', pageLanguage())
    .get('/editions', async (c) => {
      const { chrome, t, choices, query } = languageOfPage(c);
      const list = await listSentEditions(db);
      const pub = config.publication;
      return sendPage(
        c,
        <Layout site={site()} lang={chrome} t={t} languages={choices} linkQuery={query} title={t.archive.title} description={t.archive.description(pub)}>
          <section class="card" aria-labelledby="archive-h">
            <p class="kicker">{t.archive.kicker(pub)}</p>
            <h1 id="archive-h">{t.archive.heading}</h1>
            {list.length === 0 ? (
              <p class="lede">
                {t.archive.empty} <a href={`/${query}`}>{t.archive.emptyCta}</a>
              </p>
            ) : (
              <>
                <p class="small muted">{t.archive.count(list.length)}</p>
                <ul class="list">
                  {list.map((e) => (
                    <li>
                      <p class="small muted" style="margin:0">
                        {[e.section, t.article.editionNumber(e.number), formatDate(e.date, t.meta.locale)].filter(Boolean).join(' · ')}
                      </p>
                      <h2 lang={e.language}>
                        <a href={`${editionPath(e.slug)}${query}`}>{e.title}</a>
                      </h2>
                      {e.dek ? (
                        <p class="muted" style="margin:0" lang={e.language}>
                          {e.dek}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        </Layout>,
      );
    })
    .get('/editions/:slug', async (c) => {
      const edition = await getPublishedEdition(db, c.req.param('slug'));
      if (!edition) {
        const { chrome, t, choices, query } = languageOfPage(c);
        return sendPage(
          c,
          <Layout site={site()} lang={chrome} t={t} languages={choices} linkQuery={query} title={t.editionPage.notFoundTitle} noindex>
            <article class="card">
              <h1>{t.editionPage.notFoundTitle}</h1>
              <p class="lede">
                {t.editionPage.notFound} <a href={`/editions${query}`}>{t.editionPage.browseArchive}</a>.
              </p>
            </article>
          </Layout>,
          404,
        );
      }
      const personas = await listPersonas(db);
      const token = c.req.query('t');
      const access = token ? await subscriberForLink(deps, 'persona', token) : null;
      const reader = access?.ok ? { token: token!, currentPersona: access.subscriber.persona } : undefined;
      const lang = languageOfPage(c, access?.ok ? access.subscriber.language : undefined);
      const wanted = c.req.query('as') ?? reader?.currentPersona;
      const persona = personas.find((p) => p.slug === wanted) ?? personas.find((p) => p.isDefault) ?? personas[0];
      if (!persona) return c.text('no personas configured', 503);
      const tldr = await tldrFor(db, edition, persona.slug, lang.language);
      const translation = await translationFor(db, edition, lang.language);
      const shown = { ...edition, next: await knownNext(db, edition, config.baseUrl) };
      return sendPage(
        c,
        <EditionPage
          site={site()}
          baseUrl={config.baseUrl}
          lang={lang}
          edition={shown}
          personas={personas}
          persona={persona}
          tldr={tldr}
          translation={translation}
          reader={reader}
        />,
      );
    });
}
