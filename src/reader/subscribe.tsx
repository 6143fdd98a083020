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
import { KB, limitBody } from '../http/body-limit.js';
import { AppError, errorPages, type ErrorPage } from '../http/errors.js';
import { negotiate, prefersHtml } from '../http/negotiate.js';
import { parseWith, readJsonOrForm } from '../http/validate.js';
import { pageLanguage } from '../i18n/index.js';
import { listPersonas } from '../personas/store.js';
import { emailField } from '../subscribers/email.js';
import { languageField, nameField, personaField } from '../subscribers/fields.js';
import { resolvePersona } from '../subscribers/store.js';
import { Layout, sendPage, type Site } from '../web/layout.js';
import { listSentEditions, type PublicEdition } from '../web/store.js';
import { linkReaderLanguage, subscriberForLink } from './access.js';
import { formProblem, MAX_FORM_BYTES } from './form-problems.js';
import { readerLanguage, type ReaderLanguage } from './language.js';
import { Emphasis, LanguageSelect, MessagePage, NameField, PersonaChoices, readerErrorPage, refuseLink } from './pages.js';
import { clientAddress, type FixedWindowLimiter } from './rate-limit.js';
import { mailFor, requestSubscription } from './subscription.js';
import { CONFIRM_TTL_MS } from './tokens.js';

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

export function subscribeRoutes(deps: AppDeps, limiter: FixedWindowLimiter) {
  const { db, config } = deps;
  const site = (): Site => ({ publication: config.publication, postalAddress: config.postalAddress });

  /** The subscribe page; after a refused post, with what was typed and what was wrong. */
  const home = async (c: Context, values: FormValues, problem?: AppError, status: ContentfulStatusCode = 200) => {
    const lang = readerLanguage(c);
    const [personas, latest] = await Promise.all([listPersonas(db), listSentEditions(db, 3)]);
    const selected = values.persona ?? personas.find((p) => p.isDefault)?.slug;
    return sendPage(
      c,
      <HomePage
        site={site()}
        lang={lang}
        personas={personas}
        latest={latest}
        values={{ ...values, persona: selected, language: values.language ?? lang.language }}
        error={problem ? formProblem(problem, lang.t, values) : undefined}
      />,
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
  const subscribeErrors: ErrorPage = (c, err) => (err.status < 500 && err.code !== 'rate_limited' ? home(c, {}, err, err.status) : messages(c, err));

  return new Hono()
    // Each page speaks `?lang=`, else the browser's language (a signed link's, its reader's).
    .use('/', pageLanguage())
    .use('/api/subscribe', pageLanguage())
    .use('/resubscribe/*', pageLanguage())
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
          page: () => sendPage(c, <CheckInbox site={site()} lang={readerLanguage(c)} email={input.email} />, 202),
          json: () => c.json({ status: 'pending' }, 202),
        });
      } catch (err) {
        // The page keeps what was typed (the error page only knows the error).
        if (err instanceof AppError && err.code === 'validation_error' && prefersHtml(c)) return home(c, values, err, err.status);
        throw err;
      }
    })
    .post('/resubscribe/:token', errorPages(readerErrorPage(site, linkReaderLanguage(deps, 'unsubscribe'))), rateLimit, limitBody(MAX_BUTTON_BYTES, 'a resubscribe request'), async (c) => {
      const access = await subscriberForLink(deps, 'unsubscribe', c.req.param('token'));
      if (!access.ok) return refuseLink(c, site(), access);
      const lang = readerLanguage(c, { reader: access.subscriber.language });
      if (access.subscriber.status === 'active') {
        return negotiate(c, {
          page: () => sendPage(c, <MessagePage site={site()} lang={lang} title={lang.t.reader.confirm.subscribed}>
            <p class="lede">{lang.t.reader.confirm.alreadyActive}</p>
          </MessagePage>),
          json: () => c.json({ status: 'active' }),
        });
      }
      await mailFor(deps, access.subscriber);
      return negotiate(c, {
        page: () => sendPage(c, <CheckInbox site={site()} lang={lang} email={access.subscriber.email} />, 202),
        json: () => c.json({ status: 'pending' }, 202),
      });
    });
}

const CONFIRM_TTL_DAYS = Math.round(CONFIRM_TTL_MS / 86_400_000);

function CheckInbox({ site, lang, email }: { site: Site; lang: ReaderLanguage; email: string }) {
  const words = lang.t.reader.checkInbox;
  return (
    <MessagePage site={site} lang={lang} title={words.title} noindex={false}>
      <p class="lede">
        <Emphasis message={(mark) => words.lede(mark, CONFIRM_TTL_DAYS, site.publication)} value={email} />
      </p>
      <p class="muted">{words.help}</p>
      <p>
        <a href={`/editions${lang.query}`}>{words.whileYouWait}</a>
      </p>
    </MessagePage>
  );
}

interface HomeProps {
  site: Site;
  lang: ReaderLanguage;
  personas: Persona[];
  latest: PublicEdition[];
  values: FormValues;
  error?: string;
}

function HomePage({ site, lang, personas, latest, values, error }: HomeProps) {
  const { t } = lang;
  const words = t.reader.home;
  return (
    <Layout
      site={site}
      title={site.publication}
      description={words.heading(site.publication)}
      lang={lang.chrome}
      t={t}
      languages={lang.choices}
      linkQuery={lang.query}
    >
      <article class="card">
        <p class="kicker">{words.kicker}</p>
        <h1>{words.heading(site.publication)}</h1>
        <p class="dek">{words.dek}</p>
        {error ? (
          <p class="alert" role="alert" id="form-error">
            {error}
          </p>
        ) : null}
        <form method="post" action={`/api/subscribe${lang.askedQuery}`} aria-describedby={error ? 'form-error' : undefined}>
          <div class="field">
            <label for="email">{t.reader.form.email}</label>
            <input id="email" name="email" type="email" required autocomplete="email" maxlength={254} value={values.email ?? ''} />
          </div>
          <NameField t={t} value={values.name} />
          <PersonaChoices t={t} personas={personas} selected={values.persona} />
          <LanguageSelect t={t} selected={values.language ?? lang.language} />
          <div class="actions">
            <button type="submit">{words.button}</button>
            <span class="small muted">{words.note}</span>
          </div>
        </form>
      </article>
      {latest.length ? (
        <section class="card" style="margin-top:20px" aria-labelledby="latest">
          <h2 id="latest" style="margin-top:0">
            {words.latest}
          </h2>
          <ul class="list">
            {latest.map((e) => (
              <li>
                <h3 style="margin:0 0 4px">
                  <a lang={e.language} href={`/editions/${encodeURIComponent(e.slug)}${lang.query}`}>
                    {e.title}
                  </a>
                </h3>
                {e.dek ? (
                  <p class="muted small" style="margin:0" lang={e.language}>
                    {e.dek}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
