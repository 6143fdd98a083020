/** @jsxImportSource hono/jsx */
/**
 * The preference center (`GET/POST /preferences/:token`: name, persona, language) and the
 * one-button persona switch of the web version (`POST /persona/:token`, from a "Read it as…"
 * link's signed persona token). The posts answer a page to a browser and JSON to anyone else.
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { subscribers, type Persona, type Subscriber } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { KB, limitBody } from '../http/body-limit.js';
import { AppError, errorPages, invalid } from '../http/errors.js';
import { negotiate, prefersHtml } from '../http/negotiate.js';
import { parseWith, readJsonOrForm } from '../http/validate.js';
import { pageLanguage } from '../i18n/index.js';
import { getPersona, listPersonas } from '../personas/store.js';
import { languageField, nameField, personaField } from '../subscribers/fields.js';
import { resolvePersona } from '../subscribers/store.js';
import { sendPage, type Site } from '../web/layout.js';
import { linkReaderLanguage, subscriberForLink } from './access.js';
import { formProblem, MAX_FORM_BYTES } from './form-problems.js';
import { readerLanguage, withAsked, type ReaderLanguage } from './language.js';
import { Emphasis, LanguageSelect, LinkProblemPage, MessagePage, NameField, PersonaChoices, readerErrorPage, refuseLink } from './pages.js';
import { signToken } from './tokens.js';

const preferencesSchema = z.object({
  name: nameField.optional(),
  persona: personaField.optional(),
  language: languageField.optional(),
});

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function preferenceRoutes(deps: AppDeps) {
  const { db, config, clock } = deps;
  const site = (): Site => ({ publication: config.publication, postalAddress: config.postalAddress });

  /**
   * The preference center for `s`. `chosen`: the language this post has just saved, which the
   * answer speaks even when the form came from a page in another (`?lang=`).
   */
  const page = async (
    c: Context,
    s: Subscriber,
    opts: { saved?: boolean; problem?: { err: AppError; raw: Record<string, unknown> }; values?: Partial<Subscriber>; chosen?: string } = {},
  ) => {
    const claims = { subscriberId: s.id, version: s.tokenVersion };
    const lang = readerLanguage(c, { reader: s.language, chosen: opts.chosen });
    const personas = await listPersonas(db);
    const v = { ...s, ...opts.values };
    return sendPage(
      c,
      <PreferencesPage
        site={site()}
        lang={lang}
        subscriber={v}
        personas={personas}
        saved={opts.saved}
        error={opts.problem ? formProblem(opts.problem.err, lang.t, opts.problem.raw) : undefined}
        action={`/preferences/${signToken(config.tokenSecret, 'preferences', claims)}${lang.askedQuery}`}
        unsubscribeToken={signToken(config.tokenSecret, 'unsubscribe', claims)}
      />,
      opts.problem ? 400 : 200,
    );
  };

  return new Hono()
    .use('/preferences/*', pageLanguage())
    .use('/persona/*', pageLanguage())
    .get('/preferences/:token', async (c) => {
      const access = await subscriberForLink(deps, 'preferences', c.req.param('token'));
      if (!access.ok) return sendPage(c, <LinkProblemPage site={site()} lang={readerLanguage(c)} problem={access} />, access.status);
      return page(c, access.subscriber);
    })
    .post('/preferences/:token', errorPages(readerErrorPage(site, linkReaderLanguage(deps, 'preferences'))), limitBody(MAX_FORM_BYTES, 'a preferences form'), async (c) => {
      const raw = await readJsonOrForm(c);
      const access = await subscriberForLink(deps, 'preferences', c.req.param('token'));
      if (!access.ok) return refuseLink(c, site(), access);
      const s = access.subscriber;
      try {
        const input = parseWith(preferencesSchema, raw);
        if (input.persona !== undefined) await resolvePersona(db, input.persona);
        const set: Partial<Subscriber> = { updatedAt: clock.now().toISOString() };
        if (input.name !== undefined) set.name = input.name;
        if (input.persona !== undefined) set.persona = input.persona;
        if (input.language !== undefined) set.language = input.language;
        await db.update(subscribers).set(set).where(eq(subscribers.id, s.id));
        const saved = { ...s, ...set };
        const chosen = saved.language !== s.language ? saved.language : undefined;
        return negotiate(c, {
          page: () => page(c, saved, { saved: true, chosen }),
          json: () => c.json({ name: saved.name, persona: saved.persona, language: saved.language }),
        });
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500 || !prefersHtml(c)) throw err;
        const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
        return page(c, s, { problem: { err, raw }, values: { name: str('name') ?? s.name, persona: str('persona') ?? s.persona, language: str('language') ?? s.language } });
      }
    })
    .post('/persona/:token', errorPages(readerErrorPage(site, linkReaderLanguage(deps, 'persona'))), limitBody(4 * KB, 'a persona switch'), async (c) => {
      const form = await readJsonOrForm(c);
      const token = c.req.param('token');
      const access = await subscriberForLink(deps, 'persona', token);
      if (!access.ok) return refuseLink(c, site(), access);
      const slug = typeof form.persona === 'string' ? form.persona : '';
      const persona = slug && slug.length <= 40 ? await getPersona(db, slug) : undefined;
      const edition = typeof form.edition === 'string' && SLUG.test(form.edition) && form.edition.length <= 120 ? form.edition : null;
      if (!persona) {
        if (!prefersHtml(c)) throw invalid('persona', `unknown persona "${slug.slice(0, 40)}"`);
        const lang = readerLanguage(c, { reader: access.subscriber.language });
        const words = lang.t.reader.persona;
        return sendPage(c, <MessagePage site={site()} lang={lang} title={words.unknownTitle} banner={{ kind: 'alert', text: words.nothingChanged }}>
          <p class="lede">{words.unknown}</p>
        </MessagePage>, 400);
      }
      await db.update(subscribers).set({ persona: persona.slug, updatedAt: clock.now().toISOString() }).where(eq(subscribers.id, access.subscriber.id));
      const back = edition ? `/editions/${edition}?as=${encodeURIComponent(persona.slug)}&t=${encodeURIComponent(token)}` : '/editions';
      // No page of its own: the switch leads back to where the button was, in the other language.
      const lang = readerLanguage(c, { reader: access.subscriber.language, switchTo: back });
      const words = lang.t.reader.persona;
      return negotiate(c, {
        page: () => sendPage(c, <MessagePage site={site()} lang={lang} title={words.title(persona.label)} banner={{ kind: 'notice', text: words.saved }}>
          <p class="lede">{words.lede(persona.label)}</p>
          <p>{edition ? <a href={withAsked(back, lang)}>{words.back}</a> : <a href={`/editions${lang.query}`}>{lang.t.reader.links.archive}</a>}</p>
        </MessagePage>),
        json: () => c.json({ persona: persona.slug }),
      });
    });
}

interface PageProps {
  site: Site;
  lang: ReaderLanguage;
  subscriber: Subscriber;
  personas: Persona[];
  saved?: boolean;
  error?: string;
  action: string;
  unsubscribeToken: string;
}

function PreferencesPage({ site, lang, subscriber: s, personas, saved, error, action, unsubscribeToken }: PageProps) {
  const { t } = lang;
  const words = t.reader.preferences;
  const unsubscribed = s.status !== 'active' && s.status !== 'pending';
  return (
    <MessagePage
      site={site}
      lang={lang}
      title={words.title}
      banner={error ? { kind: 'alert', text: words.notSaved(error) } : saved ? { kind: 'notice', text: words.saved } : undefined}
    >
      <p class="muted">
        <Emphasis message={words.for} value={s.email} />
        {s.status === 'pending' ? ` ${words.notConfirmed}` : ''}
      </p>
      {unsubscribed ? (
        <div class="alert">
          <p style="margin:0 0 10px">{s.status === 'unsubscribed' ? words.unsubscribed : words.undeliverable}</p>
          {s.status === 'unsubscribed' ? (
            <form method="post" action={`/resubscribe/${unsubscribeToken}${lang.askedQuery}`}>
              <button type="submit" class="secondary">
                {words.subscribeAgain}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      <form method="post" action={action}>
        <NameField t={t} value={s.name} />
        <PersonaChoices t={t} personas={personas} selected={s.persona} />
        <LanguageSelect t={t} selected={s.language} />
        <div class="actions">
          <button type="submit">{words.save}</button>
          {unsubscribed ? null : <a href={`/unsubscribe/${unsubscribeToken}${lang.askedQuery}`}>{words.unsubscribe}</a>}
        </div>
      </form>
    </MessagePage>
  );
}
