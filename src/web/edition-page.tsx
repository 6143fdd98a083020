/** @jsxImportSource hono/jsx */
/**
 * The web version of a sent edition, laid out like the email: nameplate, headline, byline,
 * illustration, the persona's TL;DR, the "Read it as…" switcher, the body and the next teaser.
 */
import { raw } from 'hono/html';
import type { Edition, Persona } from '../db/schema.js';
import { formatEditionDate, markdownToEmailHtml, readingMinutes } from '../render/index.js';
import { Layout, type Site } from './layout.js';
import type { WebTldr } from './store.js';

export interface EditionPageProps {
  site: Site;
  edition: Edition;
  personas: Persona[];
  persona: Persona;
  tldr: WebTldr;
  /** Present when the page was opened from a signed "Read it as…" link. */
  reader?: { token: string; currentPersona: string };
}

export const editionNumber = (n: number) => `Edition #${String(n).padStart(4, '0')}`;
export const editionPath = (slug: string) => `/editions/${encodeURIComponent(slug)}`;

export function EditionPage({ site, edition: e, personas, persona, tldr, reader }: EditionPageProps) {
  const kicker = [site.publication, e.section, editionNumber(e.number)].filter(Boolean).join(' · ');
  const readAs = (slug: string) =>
    `${editionPath(e.slug)}?as=${encodeURIComponent(slug)}${reader ? `&t=${encodeURIComponent(reader.token)}` : ''}`;
  return (
    <Layout site={site} title={e.title} lang={e.language} description={e.dek || undefined} noindex={!!reader}>
      <article class="card">
        <p class="kicker">{kicker}</p>
        <h1>{e.title}</h1>
        {e.dek ? <p class="dek">{e.dek}</p> : null}
        <p class="byline">
          {e.author ? (
            <span class="avatar" aria-hidden="true">
              {Array.from(e.author.trim())[0]?.toUpperCase()}
            </span>
          ) : null}
          <span>
            {e.author ? <strong>{e.author}</strong> : null}
            {e.author ? ' · ' : ''}
            <time datetime={e.date}>{formatEditionDate(e.date)}</time> ·{' '}
            <span class="nowrap">✦ Reading: {readingMinutes(e.body)} min</span>
          </span>
        </p>
        {e.illustration ? (
          <figure>
            <img src={e.illustration.src} alt={e.illustration.alt} width={1200} height={630} />
            {e.illustration.caption ? <figcaption>{e.illustration.caption}</figcaption> : null}
          </figure>
        ) : null}
        {tldr.text ? (
          <section class="tldr" id="tldr" aria-labelledby="tldr-h">
            <h2 id="tldr-h">TL;DR · {persona.label}</h2>
            <p>{tldr.text}</p>
            {tldr.why ? <p class="why">{tldr.why}</p> : null}
            {tldr.source === 'claude' ? <p class="label">✦ Summarized with Claude at publish time</p> : null}
          </section>
        ) : null}
        <nav class="switcher" aria-label="Read it as">
          <span class="muted">AI rewrite · Read it as…</span>
          <ul>
            {personas.map((p) => (
              <li>
                <a href={readAs(p.slug)} aria-current={p.slug === persona.slug ? 'page' : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
          {reader ? <DefaultPersona edition={e} persona={persona} reader={reader} /> : null}
        </nav>
        <div class="body">{raw(markdownToEmailHtml(e.body))}</div>
        {e.next ? (
          <aside class="next" aria-label="Next article">
            <p class="kicker" style="border:0;margin:0 0 4px;padding:0">
              Next article
            </p>
            <p style="margin:0">
              <a href={e.next.url}>
                <strong>{e.next.title}</strong>
              </a>
            </p>
          </aside>
        ) : null}
      </article>
    </Layout>
  );
}

function DefaultPersona({ edition, persona, reader }: { edition: Edition; persona: Persona; reader: { token: string; currentPersona: string } }) {
  if (reader.currentPersona === persona.slug) {
    return <p class="small muted">✓ This is your default: your emails open with the “{persona.label}” TL;DR.</p>;
  }
  return (
    <form method="post" action={`/persona/${reader.token}`} style="margin-top:12px">
      <input type="hidden" name="persona" value={persona.slug} />
      <input type="hidden" name="edition" value={edition.slug} />
      <button type="submit" class="secondary">
        Make “{persona.label}” my default
      </button>
    </form>
  );
}
