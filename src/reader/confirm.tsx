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
import { pageLanguage } from '../i18n/index.js';
import { isSuppressed } from '../subscribers/store.js';
import { sendPage, type Site } from '../web/layout.js';
import { linkReaderLanguage, subscriberForLink, type LinkProblem } from './access.js';
import { readerLanguage } from './language.js';
import { Emphasis, LinkProblemPage, MessagePage, readerErrorPage, refuseLink } from './pages.js';
import { confirmSubscriber, type ConfirmOutcome } from './subscription.js';
import { CONFIRM_TTL_MS, signToken } from './tokens.js';

const STALE: LinkProblem = { status: 410, kind: 'stale' };
const UNDELIVERABLE: LinkProblem = { status: 410, kind: 'undeliverable' };

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
    const lang = readerLanguage(c, { reader: s.language });
    const words = lang.t.reader.confirm;
    const preferences = `/preferences/${signToken(config.tokenSecret, 'preferences', { subscriberId: s.id, version: s.tokenVersion })}${lang.askedQuery}`;
    return sendPage(
      c,
      <MessagePage
        site={site()}
        lang={lang}
        title={confirmed ? words.subscribed : words.alreadySubscribed}
        banner={confirmed ? { kind: 'notice', text: words.confirmed } : undefined}
      >
        <p class="lede">{confirmed ? words.thanks(config.publication) : words.alreadyConfirmed}</p>
        <p>
          <a href={preferences}>{words.preferences}</a> · <a href={`/editions${lang.query}`}>{lang.t.reader.links.pastEditions}</a>
        </p>
      </MessagePage>,
    );
  };

  return new Hono()
    .use('/confirm/*', pageLanguage())
    .get('/confirm/:token', async (c) => {
      const token = c.req.param('token');
      const access = await subscriberForLink(deps, 'confirm', token);
      if (!access.ok) return sendPage(c, <LinkProblemPage site={site()} lang={readerLanguage(c)} problem={access} />, access.status);
      const s = access.subscriber;
      const lang = readerLanguage(c, { reader: s.language });
      const next = await wouldConfirm(deps, s, access.expiresAtMs ?? 0);
      if (next === 'stale' || next === 'undeliverable') {
        return sendPage(c, <LinkProblemPage site={site()} lang={lang} problem={next === 'stale' ? STALE : UNDELIVERABLE} />, 410);
      }
      if (next === 'already_active') return subscribedPage(c, s, false);
      const words = lang.t.reader.confirm;
      return sendPage(
        c,
        <MessagePage site={site()} lang={lang} title={words.title}>
          <p class="lede">
            <Emphasis message={(mark) => words.lede(mark, config.publication)} value={s.email} />
          </p>
          <form method="post" action={`/confirm/${token}${lang.askedQuery}`}>
            <div class="actions">
              <button type="submit">{words.button}</button>
              <span class="small muted">{words.notYou}</span>
            </div>
          </form>
        </MessagePage>,
      );
    })
    .post('/confirm/:token', errorPages(readerErrorPage(site, linkReaderLanguage(deps, 'confirm'))), limitBody(1 * KB, 'a confirmation'), async (c) => {
      const access = await subscriberForLink(deps, 'confirm', c.req.param('token'));
      if (!access.ok) return refuseLink(c, site(), access);
      const reader = access.subscriber.language;
      const outcome = await confirmSubscriber(deps, access.subscriber, access.expiresAtMs ?? 0);
      if (outcome === 'stale') return refuseLink(c, site(), STALE, reader);
      if (outcome === 'undeliverable') return refuseLink(c, site(), UNDELIVERABLE, reader);
      return negotiate(c, {
        page: () => subscribedPage(c, access.subscriber, outcome === 'confirmed'),
        json: () => c.json({ status: 'active' }),
      });
    });
}
