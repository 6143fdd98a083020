/** @jsxImportSource hono/jsx */
/** `GET /editions` (the archive of sent editions) and `GET /editions/:slug?as=&t=` (the web version). */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { listPersonas } from '../personas/store.js';
import { subscriberForLink } from '../reader/access.js';
import { formatEditionDate } from '../render/index.js';
import { EditionPage, editionNumber, editionPath } from './edition-page.js';
import { Layout, sendPage, type Site } from './layout.js';
import { getPublishedEdition, listSentEditions, tldrFor } from './store.js';

export function archiveRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const site = (): Site => ({ publication: config.publication, postalAddress: config.postalAddress });

  return new Hono()
    .get('/editions', async (c) => {
      const list = await listSentEditions(db);
      return sendPage(
        c,
        <Layout site={site()} title="Archive" description={`Every edition of ${config.publication}`}>
          <section class="card" aria-labelledby="archive-h">
            <p class="kicker">{config.publication} · Archive</p>
            <h1 id="archive-h">Every edition</h1>
            {list.length === 0 ? (
              <p class="lede">No editions have been published yet. <a href="/">Subscribe</a> to get the first one.</p>
            ) : (
              <ul class="list">
                {list.map((e) => (
                  <li>
                    <p class="small muted" style="margin:0">
                      {[e.section, editionNumber(e.number), formatEditionDate(e.date)].filter(Boolean).join(' · ')}
                    </p>
                    <h2 lang={e.language}>
                      <a href={editionPath(e.slug)}>{e.title}</a>
                    </h2>
                    {e.dek ? (
                      <p class="muted" style="margin:0" lang={e.language}>
                        {e.dek}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </Layout>,
      );
    })
    .get('/editions/:slug', async (c) => {
      const edition = await getPublishedEdition(db, c.req.param('slug'));
      if (!edition) {
        return sendPage(
          c,
          <Layout site={site()} title="Edition not found" noindex>
            <article class="card">
              <h1>Edition not found</h1>
              <p class="lede">
                There is no published edition at this address. <a href="/editions">Browse the archive</a>.
              </p>
            </article>
          </Layout>,
          404,
        );
      }
      const personas = await listPersonas(db);
      const t = c.req.query('t');
      const access = t ? await subscriberForLink(deps, 'persona', t) : null;
      const reader = access?.ok ? { token: t!, currentPersona: access.subscriber.persona } : undefined;
      const wanted = c.req.query('as') ?? reader?.currentPersona;
      const persona = personas.find((p) => p.slug === wanted) ?? personas.find((p) => p.isDefault) ?? personas[0];
      if (!persona) return c.text('no personas configured', 503);
      const tldr = await tldrFor(db, edition, persona.slug);
      return sendPage(c, <EditionPage site={site()} edition={edition} personas={personas} persona={persona} tldr={tldr} reader={reader} />);
    });
}
