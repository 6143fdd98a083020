/** @jsxImportSource hono/jsx */
/**
 * `GET /unsubscribe/:token` asks (link scanners follow GETs, so a GET changes nothing);
 * `POST /unsubscribe/:token` unsubscribes at once. The POST takes RFC 8058 one-click requests
 * exactly as mailbox providers send them — `List-Unsubscribe=One-Click`, form-urlencoded or
 * multipart, no cookies, no Origin, no Accept — and the page's own form. It answers 200, never a
 * redirect: `{"status":"unsubscribed"}` to a one-click sender or an API client, and to a browser
 * a page that offers a resubscribe button.
 */
import { Hono } from 'hono';
import type { Subscriber } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { KB, limitBody } from '../http/body-limit.js';
import { errorPages } from '../http/errors.js';
import { readFormFields } from '../http/form.js';
import { mediaType } from '../http/media-type.js';
import { negotiate } from '../http/negotiate.js';
import { pageLanguage } from '../i18n/index.js';
import { sendPage, type Site } from '../web/layout.js';
import { linkReaderLanguage, subscriberForLink } from './access.js';
import { readerLanguage, type ReaderLanguage } from './language.js';
import { Emphasis, LinkProblemPage, MessagePage, readerErrorPage, refuseLink } from './pages.js';
import { unsubscribeSubscriber } from './subscription.js';
import { signToken } from './tokens.js';

/** The body is ignored; its size is capped so nobody streams megabytes at a public route. */
const MAX_UNSUBSCRIBE_BYTES = 64 * KB;
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

export function unsubscribeRoutes(deps: AppDeps) {
  const { config } = deps;
  const site = (): Site => ({ publication: config.publication, postalAddress: config.postalAddress });
  const prefsUrl = (s: Subscriber) =>
    `/preferences/${signToken(config.tokenSecret, 'preferences', { subscriberId: s.id, version: s.tokenVersion })}`;

  return new Hono()
    .use('/unsubscribe/*', pageLanguage())
    .get('/unsubscribe/:token', async (c) => {
      const token = c.req.param('token');
      const access = await subscriberForLink(deps, 'unsubscribe', token);
      if (!access.ok) return sendPage(c, <LinkProblemPage site={site()} lang={readerLanguage(c)} problem={access} />, access.status);
      const s = access.subscriber;
      const lang = readerLanguage(c, { reader: s.language });
      if (s.status !== 'active' && s.status !== 'pending') return sendPage(c, <Unsubscribed site={site()} lang={lang} subscriber={s} token={token} already />);
      const words = lang.t.reader.unsubscribe;
      return sendPage(
        c,
        <MessagePage site={site()} lang={lang} title={words.title(config.publication)}>
          <p class="lede">
            <Emphasis message={(mark) => words.lede(mark, config.publication)} value={s.email} />
          </p>
          <form method="post" action={`/unsubscribe/${token}${lang.askedQuery}`}>
            <div class="actions">
              <button type="submit">{words.button}</button>
              <a href={`${prefsUrl(s)}${lang.askedQuery}`}>{words.instead}</a>
            </div>
          </form>
        </MessagePage>,
      );
    })
    .post('/unsubscribe/:token', errorPages(readerErrorPage(site, linkReaderLanguage(deps, 'unsubscribe'))), limitBody(MAX_UNSUBSCRIBE_BYTES, 'an unsubscribe request'), async (c) => {
      // The body says nothing we need (`List-Unsubscribe=One-Click`), but a form that cannot be
      // parsed is refused (400) before anything changes; anything else is read and dropped, as
      // one-click senders expect it consumed.
      if (FORM_TYPES.has(mediaType(c))) await readFormFields(c);
      else await c.req.arrayBuffer();
      const token = c.req.param('token');
      const access = await subscriberForLink(deps, 'unsubscribe', token);
      if (!access.ok) return refuseLink(c, site(), access);
      const outcome = await unsubscribeSubscriber(deps, access.subscriber);
      const s = access.subscriber;
      return negotiate(c, {
        page: () => sendPage(c, <Unsubscribed site={site()} lang={readerLanguage(c, { reader: s.language })} subscriber={s} token={token} already={outcome === 'already'} />),
        // A bounced or complained address stays so; everyone else is unsubscribed now.
        json: () => c.json({ status: s.status === 'bounced' || s.status === 'complained' ? s.status : 'unsubscribed' }),
      });
    });
}

interface UnsubscribedProps {
  site: Site;
  lang: ReaderLanguage;
  subscriber: Subscriber;
  token: string;
  already?: boolean;
}

function Unsubscribed({ site, lang, subscriber, token, already }: UnsubscribedProps) {
  const words = lang.t.reader.unsubscribe;
  const suppressed = subscriber.status === 'bounced' || subscriber.status === 'complained';
  return (
    <MessagePage
      site={site}
      lang={lang}
      title={already ? words.notSubscribed : words.done}
      banner={already ? undefined : { kind: 'notice', text: words.doneBanner }}
    >
      <p class="lede">
        <Emphasis message={(mark) => words.gone(mark, site.publication)} value={subscriber.email} />
      </p>
      {suppressed ? null : (
        <form method="post" action={`/resubscribe/${token}${lang.askedQuery}`}>
          <p class="muted">{words.mistake}</p>
          <button type="submit" class="secondary">
            {words.subscribeAgain}
          </button>
        </form>
      )}
    </MessagePage>
  );
}
