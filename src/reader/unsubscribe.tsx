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
import { sendPage, type Site } from '../web/layout.js';
import { subscriberForLink } from './access.js';
import { LinkProblemPage, MessagePage, readerErrorPage, refuseLink } from './pages.js';
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
    .get('/unsubscribe/:token', async (c) => {
      const token = c.req.param('token');
      const access = await subscriberForLink(deps, 'unsubscribe', token);
      if (!access.ok) return sendPage(c, <LinkProblemPage site={site()} problem={access} />, access.status);
      const s = access.subscriber;
      if (s.status !== 'active' && s.status !== 'pending') return sendPage(c, <Unsubscribed site={site()} subscriber={s} token={token} already />);
      return sendPage(
        c,
        <MessagePage site={site()} title={`Unsubscribe from ${config.publication}?`}>
          <p class="lede">
            <strong>{s.email}</strong> will stop receiving {config.publication}. You can come back at any time.
          </p>
          <form method="post" action={`/unsubscribe/${token}`}>
            <div class="actions">
              <button type="submit">Unsubscribe</button>
              <a href={prefsUrl(s)}>Or change your persona or language instead</a>
            </div>
          </form>
        </MessagePage>,
      );
    })
    .post('/unsubscribe/:token', errorPages(readerErrorPage(site)), limitBody(MAX_UNSUBSCRIBE_BYTES, 'an unsubscribe request'), async (c) => {
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
        page: () => sendPage(c, <Unsubscribed site={site()} subscriber={s} token={token} already={outcome === 'already'} />),
        // A bounced or complained address stays so; everyone else is unsubscribed now.
        json: () => c.json({ status: s.status === 'bounced' || s.status === 'complained' ? s.status : 'unsubscribed' }),
      });
    });
}

function Unsubscribed({ site, subscriber, token, already }: { site: Site; subscriber: Subscriber; token: string; already?: boolean }) {
  const suppressed = subscriber.status === 'bounced' || subscriber.status === 'complained';
  return (
    <MessagePage
      site={site}
      title={already ? 'You’re not subscribed' : 'You’re unsubscribed'}
      banner={already ? undefined : { kind: 'notice', text: 'Done — no more editions will be sent to this address.' }}
    >
      <p class="lede">
        <strong>{subscriber.email}</strong> will not receive {site.publication} any more.
      </p>
      {suppressed ? null : (
        <form method="post" action={`/resubscribe/${token}`}>
          <p class="muted">Unsubscribed by mistake? We’ll send a fresh confirmation link to this address.</p>
          <button type="submit" class="secondary">
            Subscribe again
          </button>
        </form>
      )}
    </MessagePage>
  );
}
