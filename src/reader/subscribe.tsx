/** @jsxImportSource hono/jsx */
/**
 * The public way in: `GET /` (the subscribe page), `POST /api/subscribe` (JSON → JSON, form →
 * HTML) and `POST /resubscribe/:token` (the button on the unsubscribe page). Every answer to a
 * valid request is the same whatever the address's state, so nobody can learn who subscribes.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Persona } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { mediaType } from '../http/media-type.js';
import { parseWith, readJsonOrForm } from '../http/validate.js';
import { listPersonas } from '../personas/store.js';
import { emailField } from '../subscribers/email.js';
import { languageField, nameField, personaField } from '../subscribers/fields.js';
import { normaliseLanguage } from '../subscribers/languages.js';
import { resolvePersona } from '../subscribers/store.js';
import { Layout, sendPage, type Site } from '../web/layout.js';
import { listSentEditions } from '../web/store.js';
import { subscriberForLink } from './access.js';
import { LanguageSelect, LinkProblemPage, MessagePage, NameField, PersonaChoices } from './pages.js';
import { clientAddress, type FixedWindowLimiter } from './rate-limit.js';
import { mailFor, requestSubscription } from './subscription.js';

/** A subscribe body is a few hundred bytes; anything far bigger is not a form. */
export const MAX_FORM_BYTES = 16 * 1024;

const subscribeSchema = z.object({
  email: z.preprocess((v) => v ?? '', emailField),
  name: nameField.optional(),
  persona: personaField.optional(),
  language: languageField.optional(),
});

type FormValues = Partial<Record<'email' | 'name' | 'persona' | 'language', string>>;

const isForm = (c: Context) => ['application/x-www-form-urlencoded', 'multipart/form-data'].includes(mediaType(c));

/** Blank optional choices mean "not given" (an unpicked radio, an empty select). */
function withoutBlanks(raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...raw };
  for (const k of ['persona', 'language'] as const) if (out[k] === '') delete out[k];
  return out;
}

const LABELS: Record<string, string> = { email: 'Email address', name: 'Name', persona: 'Persona', language: 'Language' };

/** "email: is required" → "Email address is required." for people reading the form. */
export function friendly(err: AppError): string {
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

  const home = async (c: Context, values: FormValues, error?: string, status: 200 | 400 | 413 | 415 = 200) => {
    const [personas, latest] = await Promise.all([listPersonas(db), listSentEditions(db, 3)]);
    const selected = values.persona ?? personas.find((p) => p.isDefault)?.slug;
    return sendPage(
      c,
      <HomePage site={site()} personas={personas} latest={latest} values={{ ...values, persona: selected, language: values.language ?? preferredLanguage(c) }} error={error} />,
      status,
    );
  };

  const limited = (c: Context) => {
    const decision = limiter.hit(clientAddress(c));
    if (decision.ok) return null;
    const retry = String(decision.retryAfterSeconds);
    const message = `too many subscribe requests from your address; try again in ${retry} seconds`;
    if (isForm(c)) {
      c.header('Retry-After', retry);
      return sendPage(c, <MessagePage site={site()} title="Please wait a moment" banner={{ kind: 'alert', text: 'Too many requests.' }}>
        <p class="lede">We had several requests from your network in the last few minutes. Please try again in {retry} seconds.</p>
      </MessagePage>, 429);
    }
    throw new AppError('rate_limited', message, { headers: { 'Retry-After': retry } });
  };

  const tooBig = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => {
      if (isForm(c)) return home(c, {}, `The form was too large (over ${MAX_FORM_BYTES / 1024} KB).`, 413);
      throw new AppError('payload_too_large', `body: a subscribe request is limited to ${MAX_FORM_BYTES} bytes`);
    },
  });

  return new Hono()
    .get('/', (c) => home(c, {}))
    .post('/api/subscribe', async (c, next) => limited(c) ?? next(), tooBig, async (c) => {
      const form = isForm(c);
      let values: FormValues = {};
      try {
        const raw = withoutBlanks(await readJsonOrForm(c));
        values = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as FormValues;
        const input = parseWith(subscribeSchema, raw);
        if (input.persona !== undefined) await resolvePersona(db, input.persona);
        const outcome = await requestSubscription(deps, input);
        deps.log.info('subscribe request', { outcome });
        if (!form) return c.json({ status: 'pending' }, 202);
        return sendPage(c, <CheckInbox site={site()} email={input.email} />, 202);
      } catch (err) {
        if (form && err instanceof AppError && (err.status === 400 || err.status === 415)) {
          return home(c, values, friendly(err), err.status);
        }
        throw err;
      }
    })
    .post('/resubscribe/:token', async (c, next) => limited(c) ?? next(), async (c) => {
      const access = await subscriberForLink(deps, 'unsubscribe', c.req.param('token'));
      if (!access.ok) return sendPage(c, <LinkProblemPage site={site()} problem={access} />, access.status);
      if (access.subscriber.status === 'active') {
        return sendPage(c, <MessagePage site={site()} title="You're subscribed">
          <p class="lede">This address already gets every edition. Nothing changed.</p>
        </MessagePage>);
      }
      await mailFor(deps, access.subscriber);
      return sendPage(c, <CheckInbox site={site()} email={access.subscriber.email} />, 202);
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
