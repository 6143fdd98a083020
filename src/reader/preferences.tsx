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
import { getPersona, listPersonas } from '../personas/store.js';
import { languageField, nameField, personaField } from '../subscribers/fields.js';
import { resolvePersona } from '../subscribers/store.js';
import { sendPage, type Site } from '../web/layout.js';
import { subscriberForLink } from './access.js';
import { LanguageSelect, LinkProblemPage, MessagePage, NameField, PersonaChoices, readerErrorPage, refuseLink } from './pages.js';
import { friendly, MAX_FORM_BYTES } from './subscribe.js';
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
  const pages = errorPages(readerErrorPage(site));

  const page = async (c: Context, s: Subscriber, opts: { saved?: boolean; error?: string; values?: Partial<Subscriber> } = {}) => {
    const claims = { subscriberId: s.id, version: s.tokenVersion };
    const personas = await listPersonas(db);
    const v = { ...s, ...opts.values };
    return sendPage(
      c,
      <PreferencesPage
        site={site()}
        subscriber={v}
        personas={personas}
        saved={opts.saved}
        error={opts.error}
        action={`/preferences/${signToken(config.tokenSecret, 'preferences', claims)}`}
        unsubscribeToken={signToken(config.tokenSecret, 'unsubscribe', claims)}
      />,
      opts.error ? 400 : 200,
    );
  };

  return new Hono()
    .get('/preferences/:token', async (c) => {
      const access = await subscriberForLink(deps, 'preferences', c.req.param('token'));
      if (!access.ok) return sendPage(c, <LinkProblemPage site={site()} problem={access} />, access.status);
      return page(c, access.subscriber);
    })
    .post('/preferences/:token', pages, limitBody(MAX_FORM_BYTES, 'a preferences form'), async (c) => {
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
        return negotiate(c, {
          page: () => page(c, saved, { saved: true }),
          json: () => c.json({ name: saved.name, persona: saved.persona, language: saved.language }),
        });
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500 || !prefersHtml(c)) throw err;
        const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
        return page(c, s, { error: friendly(err), values: { name: str('name') ?? s.name, persona: str('persona') ?? s.persona, language: str('language') ?? s.language } });
      }
    })
    .post('/persona/:token', pages, limitBody(4 * KB, 'a persona switch'), async (c) => {
      const form = await readJsonOrForm(c);
      const token = c.req.param('token');
      const access = await subscriberForLink(deps, 'persona', token);
      if (!access.ok) return refuseLink(c, site(), access);
      const slug = typeof form.persona === 'string' ? form.persona : '';
      const persona = slug && slug.length <= 40 ? await getPersona(db, slug) : undefined;
      const edition = typeof form.edition === 'string' && SLUG.test(form.edition) && form.edition.length <= 120 ? form.edition : null;
      if (!persona) {
        if (!prefersHtml(c)) throw invalid('persona', `unknown persona "${slug.slice(0, 40)}"`);
        return sendPage(c, <MessagePage site={site()} title="Unknown persona" banner={{ kind: 'alert', text: 'Nothing was changed.' }}>
          <p class="lede">That persona does not exist (any more). Pick one of the “Read it as…” links again.</p>
        </MessagePage>, 400);
      }
      await db.update(subscribers).set({ persona: persona.slug, updatedAt: clock.now().toISOString() }).where(eq(subscribers.id, access.subscriber.id));
      const back = edition ? `/editions/${edition}?as=${encodeURIComponent(persona.slug)}&t=${encodeURIComponent(token)}` : '/editions';
      return negotiate(c, {
        page: () => sendPage(c, <MessagePage site={site()} title={`You’ll read it as: ${persona.label}`} banner={{ kind: 'notice', text: 'Saved.' }}>
          <p class="lede">From the next edition on, your TL;DR is written for “{persona.label}”.</p>
          <p><a href={back}>{edition ? 'Back to the edition' : 'Read the archive'}</a></p>
        </MessagePage>),
        json: () => c.json({ persona: persona.slug }),
      });
    });
}

interface PageProps {
  site: Site;
  subscriber: Subscriber;
  personas: Persona[];
  saved?: boolean;
  error?: string;
  action: string;
  unsubscribeToken: string;
}

function PreferencesPage({ site, subscriber: s, personas, saved, error, action, unsubscribeToken }: PageProps) {
  const unsubscribed = s.status !== 'active' && s.status !== 'pending';
  return (
    <MessagePage
      site={site}
      title="Your preferences"
      banner={error ? { kind: 'alert', text: `Not saved — ${error}` } : saved ? { kind: 'notice', text: 'Saved. Your next edition follows these choices.' } : undefined}
    >
      <p class="muted">
        For <strong>{s.email}</strong>
        {s.status === 'pending' ? ' (not confirmed yet)' : ''}
      </p>
      {unsubscribed ? (
        <div class="alert">
          <p style="margin:0 0 10px">
            {s.status === 'unsubscribed'
              ? 'You are unsubscribed: we keep these choices in case you come back.'
              : 'Mail to this address bounced or was reported as unwanted, so we no longer send to it.'}
          </p>
          {s.status === 'unsubscribed' ? (
            <form method="post" action={`/resubscribe/${unsubscribeToken}`}>
              <button type="submit" class="secondary">
                Subscribe again
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      <form method="post" action={action}>
        <NameField value={s.name} />
        <PersonaChoices personas={personas} selected={s.persona} legend="Read it as…" />
        <LanguageSelect selected={s.language} />
        <div class="actions">
          <button type="submit">Save preferences</button>
          {unsubscribed ? null : <a href={`/unsubscribe/${unsubscribeToken}`}>Unsubscribe</a>}
        </div>
      </form>
    </MessagePage>
  );
}
