/** @jsxImportSource hono/jsx */
/** `GET /confirm/:token`: the double opt-in link. Activates a pending (or resubscribing) reader. */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { sendPage, type Site } from '../web/layout.js';
import { subscriberForLink } from './access.js';
import { LinkProblemPage, MessagePage } from './pages.js';
import { confirmSubscriber } from './subscription.js';
import { signToken } from './tokens.js';

export function confirmRoutes(deps: AppDeps) {
  const { config } = deps;
  const site = (): Site => ({ publication: config.publication, postalAddress: config.postalAddress });

  return new Hono().get('/confirm/:token', async (c) => {
    const access = await subscriberForLink(deps, 'confirm', c.req.param('token'));
    if (!access.ok) return sendPage(c, <LinkProblemPage site={site()} problem={access} />, access.status);
    const { subscriber } = access;
    const outcome = await confirmSubscriber(deps, subscriber, access.expiresAtMs ?? 0);
    if (outcome === 'stale') {
      return sendPage(c, <LinkProblemPage site={site()} problem={{
        status: 410,
        title: 'This link is older than your unsubscribe',
        message: 'You unsubscribed after this link was sent, so it no longer subscribes you. Subscribe again and we will send a fresh link.',
      }} />, 410);
    }
    if (outcome === 'undeliverable') {
      return sendPage(c, <LinkProblemPage site={site()} problem={{
        status: 410,
        title: 'We can’t send to this address',
        message: 'Mail to this address bounced or was reported as unwanted, so we no longer send to it. Subscribe with another address.',
      }} />, 410);
    }
    const claims = { subscriberId: subscriber.id, version: subscriber.tokenVersion };
    const preferences = `/preferences/${signToken(config.tokenSecret, 'preferences', claims)}`;
    return sendPage(
      c,
      <MessagePage
        site={site()}
        title={outcome === 'confirmed' ? 'You’re subscribed' : 'You’re already subscribed'}
        banner={outcome === 'confirmed' ? { kind: 'notice', text: 'Subscription confirmed.' } : undefined}
      >
        <p class="lede">
          {outcome === 'confirmed'
            ? `Thanks for confirming. The next edition of ${config.publication} will arrive in your inbox.`
            : 'This address was already confirmed. Nothing changed.'}
        </p>
        <p>
          <a href={preferences}>Choose your persona, language and name</a> · <a href="/editions">Read past editions</a>
        </p>
      </MessagePage>,
    );
  });
}
