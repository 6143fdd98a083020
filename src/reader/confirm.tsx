/** @jsxImportSource hono/jsx */
/**
 * The double opt-in link. `GET /confirm/:token` (and HEAD) only asks: corporate link scanners
 * (Safe Links and the like) open every link in a message, so a GET that confirmed would sign up
 * people who never asked. Its page has a "Confirm my subscription" button that posts to
 * `POST /confirm/:token`, which activates the pending (or resubscribing) reader: a page for a
 * browser, `{"status":"active"}` for an API client. Expired, used, revoked and stale links get
 * the same clear answers on both.
 */
import { Hono, type Context } from 'hono';
import type { Subscriber } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { KB, limitBody } from '../http/body-limit.js';
import { errorPages } from '../http/errors.js';
import { negotiate } from '../http/negotiate.js';
import { isSuppressed } from '../subscribers/store.js';
import { sendPage, type Site } from '../web/layout.js';
import { subscriberForLink, type LinkProblem } from './access.js';
import { LinkProblemPage, MessagePage, readerErrorPage, refuseLink } from './pages.js';
import { confirmSubscriber, type ConfirmOutcome } from './subscription.js';
import { CONFIRM_TTL_MS, signToken } from './tokens.js';

const STALE: LinkProblem = {
  status: 410,
  title: 'This link is older than your unsubscribe',
  message: 'You unsubscribed after this link was sent, so it no longer subscribes you. Subscribe again and we will send a fresh link.',
};
const UNDELIVERABLE: LinkProblem = {
  status: 410,
  title: 'We can’t send to this address',
  message: 'Mail to this address bounced or was reported as unwanted, so we no longer send to it. Subscribe with another address.',
};

/**
 * What a POST would do with this link, found without writing: the rules of `confirmSubscriber`,
 * read-only, so the GET page can already say a link is used up or stale.
 */
async function wouldConfirm(deps: AppDeps, s: Subscriber, linkExpiresAtMs: number): Promise<ConfirmOutcome | 'ask'> {
  if (s.status === 'active') return 'already_active';
  if (s.status === 'bounced' || s.status === 'complained' || (await isSuppressed(deps.db, s.email))) return 'undeliverable';
  if (s.status === 'unsubscribed') {
    const issuedAtMs = linkExpiresAtMs - CONFIRM_TTL_MS;
    if (!s.unsubscribedAt || issuedAtMs + 1000 < Date.parse(s.unsubscribedAt)) return 'stale';
  }
  return 'ask';
}

export function confirmRoutes(deps: AppDeps) {
  const { config } = deps;
  const site = (): Site => ({ publication: config.publication, postalAddress: config.postalAddress });

  /** The page after confirming (or finding the reader confirmed already), with their preferences link. */
  const subscribedPage = (c: Context, s: Subscriber, confirmed: boolean) => {
    const preferences = `/preferences/${signToken(config.tokenSecret, 'preferences', { subscriberId: s.id, version: s.tokenVersion })}`;
    return sendPage(
      c,
      <MessagePage
        site={site()}
        title={confirmed ? 'You’re subscribed' : 'You’re already subscribed'}
        banner={confirmed ? { kind: 'notice', text: 'Subscription confirmed.' } : undefined}
      >
        <p class="lede">
          {confirmed
            ? `Thanks for confirming. The next edition of ${config.publication} will arrive in your inbox.`
            : 'This address was already confirmed. Nothing changed.'}
        </p>
        <p>
          <a href={preferences}>Choose your persona, language and name</a> · <a href="/editions">Read past editions</a>
        </p>
      </MessagePage>,
    );
  };

  return new Hono()
    .get('/confirm/:token', async (c) => {
      const token = c.req.param('token');
      const access = await subscriberForLink(deps, 'confirm', token);
      if (!access.ok) return sendPage(c, <LinkProblemPage site={site()} problem={access} />, access.status);
      const s = access.subscriber;
      const next = await wouldConfirm(deps, s, access.expiresAtMs ?? 0);
      if (next === 'stale' || next === 'undeliverable') {
        return sendPage(c, <LinkProblemPage site={site()} problem={next === 'stale' ? STALE : UNDELIVERABLE} />, 410);
      }
      if (next === 'already_active') return subscribedPage(c, s, false);
      return sendPage(
        c,
        <MessagePage site={site()} title="Confirm your subscription">
          <p class="lede">
            Confirm that <strong>{s.email}</strong> should receive {config.publication}.
          </p>
          <form method="post" action={`/confirm/${token}`}>
            <div class="actions">
              <button type="submit">Confirm my subscription</button>
              <span class="small muted">Didn’t ask for this? Close this page: nothing happens without the button.</span>
            </div>
          </form>
        </MessagePage>,
      );
    })
    .post('/confirm/:token', errorPages(readerErrorPage(site)), limitBody(1 * KB, 'a confirmation'), async (c) => {
      const access = await subscriberForLink(deps, 'confirm', c.req.param('token'));
      if (!access.ok) return refuseLink(c, site(), access);
      const outcome = await confirmSubscriber(deps, access.subscriber, access.expiresAtMs ?? 0);
      if (outcome === 'stale') return refuseLink(c, site(), STALE);
      if (outcome === 'undeliverable') return refuseLink(c, site(), UNDELIVERABLE);
      return negotiate(c, {
        page: () => subscribedPage(c, access.subscriber, outcome === 'confirmed'),
        json: () => c.json({ status: 'active' }),
      });
    });
}
