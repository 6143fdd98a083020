/** @jsxImportSource hono/jsx */
/**
 * The public way in: `GET /` (the subscribe page), `POST /api/subscribe` (JSON or a form) and
 * `POST /resubscribe/:token` (the button on the unsubscribe page). Both posts answer a page to a
 * client that prefers HTML (a browser) and JSON to anyone else, errors included. Every answer to
 * a valid request is the same whatever the address's state, so nobody can learn who subscribes.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { Persona } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { KB, formatBytes, limitBody } from '../http/body-limit.js';
import { AppError, errorPages, type ErrorPage } from '../http/errors.js';
import { negotiate, prefersHtml } from '../http/negotiate.js';
import { parseWith, readJsonOrForm } from '../http/validate.js';
import { listPersonas } from '../personas/store.js';
import { emailField } from '../subscribers/email.js';
import { languageField, nameField, personaField } from '../subscribers/fields.js';
import { normaliseLanguage } from '../subscribers/languages.js';
import { resolvePersona } from '../subscribers/store.js';
import { Layout, sendPage, type Site } from '../web/layout.js';
import { listSentEditions } from '../web/store.js';
import { subscriberForLink } from './access.js';
import { LanguageSelect, MessagePage, NameField, PersonaChoices, readerErrorPage, refuseLink } from './pages.js';
import { clientAddress, type FixedWindowLimiter } from './rate-limit.js';
import { mailFor, requestSubscription } from './subscription.js';

/** A subscribe body is a few hundred bytes; anything far bigger is not a form. */
export const MAX_FORM_BYTES = 16 * KB;
/** The resubscribe button posts an empty form. */
const MAX_BUTTON_BYTES = 1 * KB;

const subscribeSchema = z.object({
  email: z.preprocess((v) => v ?? '', emailField),
  name: nameField.optional(),
  persona: personaField.optional(),
  language: languageField.optional(),
});

type FormValues = Partial<Record<'email' | 'name' | 'persona' | 'language', string>>;

/** Blank optional choices mean "not given" (an unpicked radio, an empty select). */
function withoutBlanks(raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...raw };
  for (const k of ['persona', 'language'] as const) if (out[k] === '') delete out[k];
  return out;
}

const LABELS: Record<string, string> = { email: 'Email address', name: 'Name', persona: 'Persona', language: 'Language' };

/** "email: is required" → "Email address is required." for people reading the form. */
export function friendly(err: AppError): string {
  if (err.code === 'payload_too_large') return `The form was too large (over ${formatBytes(MAX_FORM_BYTES)}).`;
  if (err.code === 'unsupported_media_type') return 'That was not a form. Please send the form on this page.';
  if (err.code === 'bad_request') return 'The form could not be read. Please send it again.';
  const field = err.details?.field ?? '';
  const label = LABELS[field];
  if (!label) return err.message;
  const rest = err.message.replace(new RegExp(`^${field}: `), '');
  return /^is /.test(rest) ? `${label} ${rest}.` : `${label}: ${rest}.`;
}

function preferredLanguage(c: Context): string {
  const first = c.req.header('accept-language')?.split(',')[0]?.split(';')[0] ?? '';
  return normaliseLanguage(first) ?? 'en';
}

export function subscribeRoutes(deps: AppDeps, limiter: FixedWindowLimiter) {
  const { db, config } = deps;
  const site = (): Site => ({ publication: config.publication, postalAddress: config.postalAddress });

  const home = async (c: Context, values: FormValues, error?: string, status: ContentfulStatusCode = 200) => {
    const [personas, latest] = await Promise.all([listPersonas(db), listSentEditions(db, 3)]);
    const selected = values.persona ?? personas.find((p) => p.isDefault)?.slug;
    return sendPage(
      c,
      <HomePage site={site()} personas={personas} latest={latest} values={{ ...values, persona: selected, language: values.language ?? preferredLanguage(c) }} error={error} />,
      status,
    );
  };

  const rateLimit = async (c: Context, next: () => Promise<void>) => {
    const decision = limiter.hit(clientAddress(c, config.trustedProxy));
    if (decision.ok) return next();
    const retry = String(decision.retryAfterSeconds);
    throw new AppError('rate_limited', `too many subscribe requests from your address; try again in ${retry} seconds`, { headers: { 'Retry-After': retry } });
  };

  const messages = readerErrorPage(site);
  // A refused form comes back with its message; a rate limit or a failure gets a message page.
  const subscribeErrors: ErrorPage = (c, err) => (err.status < 500 && err.code !== 'rate_limited' ? home(c, {}, friendly(err), err.status) : messages(c, err));

  return new Hono()
    .get('/', (c) => home(c, {}))
    .post('/api/subscribe', errorPages(subscribeErrors), rateLimit, limitBody(MAX_FORM_BYTES, 'a subscribe request'), async (c) => {
      let values: FormValues = {};
      try {
        const raw = withoutBlanks(await readJsonOrForm(c));
        values = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as FormValues;
        const input = parseWith(subscribeSchema, raw);
        if (input.persona !== undefined) await resolvePersona(db, input.persona);
        const outcome = await requestSubscription(deps, input);
        deps.log.info('subscribe request', { outcome });
        return negotiate(c, {
          page: () => sendPage(c, <CheckInbox site={site()} email={input.email} />, 202),
          json: () => c.json({ status: 'pending' }, 202),
        });
      } catch (err) {
        // The page keeps what was typed (the error page only knows the error).
        if (err instanceof AppError && err.code === 'validation_error' && prefersHtml(c)) return home(c, values, friendly(err), err.status);
        throw err;
      }
    })
    .post('/resubscribe/:token', errorPages(messages), rateLimit, limitBody(MAX_BUTTON_BYTES, 'a resubscribe request'), async (c) => {
      const access = await subscriberForLink(deps, 'unsubscribe', c.req.param('token'));
      if (!access.ok) return refuseLink(c, site(), access);
      if (access.subscriber.status === 'active') {
        return negotiate(c, {
          page: () => sendPage(c, <MessagePage site={site()} title="You're subscribed">
            <p class="lede">This address already gets every edition. Nothing changed.</p>
          </MessagePage>),
          json: () => c.json({ status: 'active' }),
        });
      }
      await mailFor(deps, access.subscriber);
      return negotiate(c, {
        page: () => sendPage(c, <CheckInbox site={site()} email={access.subscriber.email} />, 202),
        json: () => c.json({ status: 'pending' }, 202),
      });
    });
}

function CheckInbox({ site, email }: { site: Site; email: string }) {
  return (
    <MessagePage site={site} title="Check your inbox" noindex={false}>
      <p class="lede">
        If <strong>{email}</strong> can receive our mail, a confirmation link is on its way. Open it within 7 days to
        start receiving {site.publication}.
      </p>
      <p class="muted">
        Nothing arrived after a few minutes? Look in your spam folder, or subscribe again to get a fresh link. If the
        address is already subscribed, nothing changes.
      </p>
      <p>
        <a href="/editions">Read past editions while you wait</a>
      </p>
    </MessagePage>
  );
}

interface HomeProps {
  site: Site;
  personas: Persona[];
  latest: { slug: string; title: string; dek: string }[];
  values: FormValues;
  error?: string;
}

function HomePage({ site, personas, latest, values, error }: HomeProps) {
  return (
    <Layout site={site} title={site.publication} description={`Subscribe to ${site.publication}`}>
      <article class="card">
        <p class="kicker">The newsletter that reads the news for you</p>
        <h1>Subscribe to {site.publication}</h1>
        <p class="dek">
          Every edition opens with a TL;DR written for the reader you are — and you can switch at any time.
        </p>
        {error ? (
          <p class="alert" role="alert" id="form-error">
            {error}
          </p>
        ) : null}
        <form method="post" action="/api/subscribe" aria-describedby={error ? 'form-error' : undefined}>
          <div class="field">
            <label for="email">Email address</label>
            <input id="email" name="email" type="email" required autocomplete="email" maxlength={254} value={values.email ?? ''} />
          </div>
          <NameField value={values.name} />
          <PersonaChoices personas={personas} selected={values.persona} legend="Read it as…" />
          <LanguageSelect selected={values.language ?? 'en'} />
          <div class="actions">
            <button type="submit">Subscribe</button>
            <span class="small muted">We'll email you a link to confirm. Unsubscribe with one click, any time.</span>
          </div>
        </form>
      </article>
      {latest.length ? (
        <section class="card" style="margin-top:20px" aria-labelledby="latest">
          <h2 id="latest" style="margin-top:0">Latest editions</h2>
          <ul class="list">
            {latest.map((e) => (
              <li>
                <h3 style="margin:0 0 4px">
                  <a href={`/editions/${encodeURIComponent(e.slug)}`}>{e.title}</a>
                </h3>
                <p class="muted small" style="margin:0">
                  {e.dek}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
