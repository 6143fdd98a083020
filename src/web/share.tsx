/** @jsxImportSource hono/jsx */
/**
 * What makes the web version travel: the card a shared link unfolds into (`og:` and `twitter:`
 * meta with the title, the dek and the illustration), the share links at the end of the article,
 * and a subscribe box for whoever arrives through one.
 */
import type { Edition } from '../db/schema.js';
import type { Catalog } from '../i18n/index.js';
import { shareUrls } from '../render/index.js';
import type { Site } from './layout.js';

/** `og:` and `twitter:` meta for an edition, every address absolute (crawlers have no base). */
export function ShareCard({ site, baseUrl, edition: e, url }: { site: Site; baseUrl: string; edition: Edition; url: string }) {
  const image = e.illustration ? (e.illustration.src.startsWith('/') ? `${baseUrl}${e.illustration.src}` : e.illustration.src) : null;
  return (
    <>
      <link rel="canonical" href={url} />
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={site.publication} />
      <meta property="og:title" content={e.title} />
      {e.dek ? <meta property="og:description" content={e.dek} /> : null}
      <meta property="og:url" content={url} />
      {image ? <meta property="og:image" content={image} /> : null}
      {image ? <meta property="og:image:alt" content={e.illustration!.alt} /> : null}
      <meta property="article:published_time" content={e.date} />
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={e.title} />
      {e.dek ? <meta name="twitter:description" content={e.dek} /> : null}
      {image ? <meta name="twitter:image" content={image} /> : null}
      {image ? <meta name="twitter:image:alt" content={e.illustration!.alt} /> : null}
    </>
  );
}

/** X, LinkedIn, email, and the link itself to copy: all to the public URL, nothing personal. */
export function ShareLinks({ t, url, title }: { t: Catalog; url: string; title: string }) {
  const share = shareUrls(url, title);
  return (
    <section class="share" aria-labelledby="share-h">
      <h2 id="share-h">{t.article.share}</h2>
      <ul>
        <li>
          <a href={share.x} rel="noopener noreferrer" target="_blank">
            {t.article.shareOnX}
          </a>
        </li>
        <li>
          <a href={share.linkedin} rel="noopener noreferrer" target="_blank">
            {t.article.shareOnLinkedIn}
          </a>
        </li>
        <li>
          <a href={share.email}>{t.article.shareByEmail}</a>
        </li>
      </ul>
      {/* No script runs here (the CSP allows none): the address is selectable text instead of a copy button. */}
      <label class="hint" for="share-url">
        {t.editionPage.linkLabel}
      </label>
      <input id="share-url" type="text" readonly value={url} />
    </section>
  );
}

/**
 * The subscribe form at the end of an article: the page's language and persona come along, the
 * language in the address too, so the "check your inbox" page answers in it.
 */
export function SubscribeBox({ t, site, language, persona }: { t: Catalog; site: Site; language: string; persona: string }) {
  return (
    <aside class="subscribe" aria-labelledby="subscribe-h">
      <h2 id="subscribe-h">{t.editionPage.subscribeHeading(site.publication)}</h2>
      <p>{t.editionPage.subscribeText}</p>
      <form method="post" action={`/api/subscribe?lang=${encodeURIComponent(language)}`}>
        <label for="subscribe-email">{t.editionPage.emailLabel}</label>
        <div class="inline-form">
          <input id="subscribe-email" type="email" name="email" autocomplete="email" required maxlength={254} />
          <button type="submit">{t.editionPage.subscribeButton}</button>
        </div>
        <input type="hidden" name="language" value={language} />
        <input type="hidden" name="persona" value={persona} />
      </form>
    </aside>
  );
}
