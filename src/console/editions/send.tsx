/** @jsxImportSource hono/jsx */
/**
 * Sending: `GET/POST /admin/editions/:id/test` (a [TEST] copy to a few addresses, as a persona
 * and language) and `GET/POST /admin/editions/:id/send` — the confirmation (who gets it, by
 * persona × language, and every warning) and the send, now or at a time entered in the editor's
 * zone and stored in UTC.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import type { PersonaView } from '../../personas/store.js';
import { audienceByVariant } from '../../subscribers/counts.js';
import { LANGUAGES } from '../../subscribers/languages.js';
import type { toVariantView } from '../../tldr/routes.js';
import { isLanguageCode, languageOptions, splitError } from '../forms.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, PostForm, sendConsolePage } from '../layout.js';
import { isTimeZone, timeZones, zonedToUtc } from '../time.js';
import { Field, formatNumber, Notice, Time, type FieldErrors } from '../ui.js';
import { EditionHead, EditionTabs, loadEdition, type EditionCtx, type EditionView } from './common.js';
import type { Translations } from './translations.js';
import { sendWarnings } from './warnings.js';

type Variant = ReturnType<typeof toVariantView>;

/** The zone choices, with the one the editor sent back kept even when the list spells it otherwise. */
function zoneOptions(chosen: string | undefined) {
  const zones = timeZones();
  if (chosen && !zones.includes(chosen) && isTimeZone(chosen)) zones.push(chosen);
  return zones.map((z) => ({ value: z, label: z }));
}

/** Addresses as editors paste them: one a line, or separated by commas or spaces. */
const addresses = (raw: string) => raw.split(/[\s,;]+/).filter(Boolean);

/** Test send and send, mounted under `/admin/editions`. */
export function sendRoutes(deps: AppDeps) {
  const personasOf = async (c: EditionCtx) => (await c.get('api').get<{ data: PersonaView[] }>('/personas')).data;

  const testPage = async (c: EditionCtx, edition: EditionView, state: { to: string; as?: string; lang?: string; errors: FieldErrors; problem?: string; result?: string }, status: 200 | 400 | 503 = 200) => {
    const personas = await personasOf(c);
    const action = `/admin/editions/${edition.id}/test`;
    return sendConsolePage(
      c,
      <ConsoleLayout frame={c.get('frame')} title={`Test send · #${edition.number}`}>
        <EditionHead edition={edition} page="Test send" />
        <EditionTabs edition={edition} current="/test" />
        {state.result ? (
          <p class="notice" role="status" id="result">
            {state.result}
          </p>
        ) : null}
        {state.problem ? <Notice kind="alert">{state.problem}</Notice> : null}
        <section class="card">
          <p class="meta">A copy of the edition, subject prefixed [TEST], with links that lead nowhere. Up to 10 addresses.</p>
          <PostForm frame={c.get('frame')} action={action}>
            <Field name="to" label="Send to" area="plain" value={state.to} errors={state.errors} required hint="One address a line (or separated by commas)." />
            <div class="form-grid">
              <Field name="as" label="As the persona" value={state.as ?? (personas.find((p) => p.isDefault) ?? personas[0])?.slug} options={personas.map((p) => ({ value: p.slug, label: p.label }))} errors={state.errors} />
              <Field name="lang" label="In the language" value={state.lang ?? edition.language} options={languageOptions} errors={state.errors} />
            </div>
            <button type="submit">Send test</button>
          </PostForm>
        </section>
      </ConsoleLayout>,
      status,
    );
  };

  const sendPage = async (c: EditionCtx, edition: EditionView, state: { when?: string; at?: string; tz?: string; errors: FieldErrors; problem?: string }, status: 200 | 400 | 409 = 200) => {
    const [personas, audience, tldrs, translations] = await Promise.all([
      personasOf(c),
      audienceByVariant(deps.db),
      c.get('api').get<{ data: Variant[] }>(`/editions/${edition.id}/tldrs`),
      c.get('api').get<Translations>(`/editions/${edition.id}/translations`),
    ]);
    const label = (slug: string) => personas.find((p) => p.slug === slug)?.label ?? slug;
    const total = audience.reduce((s, a) => s + a.n, 0);
    const flagged = tldrs.data.filter((v) => v.flagged && audience.some((a) => a.persona === v.persona && a.language === v.language));
    const flaggedTranslations = translations.translate
      ? translations.data.filter((t) => t.flagged && audience.some((a) => a.language === t.language)).map((t) => ({ language: t.language, reason: t.flagReason }))
      : [];
    const warnings = sendWarnings(deps, {
      audience: total,
      flagged: flagged.map((v) => ({ persona: label(v.persona), language: v.language, reason: v.flagReason })),
      flaggedTranslations,
    });
    const unwritten = audience.filter((a) => !tldrs.data.some((v) => v.persona === a.persona && v.language === a.language)).length;
    const action = `/admin/editions/${edition.id}/send`;
    const canSend = edition.status !== 'sent' && edition.status !== 'sending';
    return sendConsolePage(
      c,
      <ConsoleLayout frame={c.get('frame')} title={`Send · #${edition.number}`}>
        <EditionHead edition={edition} page="Send" />
        <EditionTabs edition={edition} current="/send" />
        {state.problem ? <Notice kind="alert">{state.problem}</Notice> : null}
        <div class="cols">
          <section class="card" aria-labelledby="audience-title">
            <h2 id="audience-title">Who gets it</h2>
            <div class="table-wrap">
              <table class="data" id="audience">
                <caption>Active subscribers by persona and language, as the send would take them now</caption>
                <thead>
                  <tr>
                    <th scope="col">Persona</th>
                    <th scope="col">Language</th>
                    <th scope="col" class="num">Readers</th>
                  </tr>
                </thead>
                <tbody>
                  {audience.map((a) => (
                    <tr>
                      <td>{label(a.persona)}</td>
                      <td>{a.language}</td>
                      <td class="num">{formatNumber(a.n)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td colspan={2}>Total</td>
                    <td class="num">{formatNumber(total)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
            {unwritten ? <p class="meta">{unwritten} of these variants have no TL;DR yet: they are written when the send starts.</p> : null}
          </section>
          <section class="card" aria-labelledby="warnings-title">
            <h2 id="warnings-title">Before you send</h2>
            {warnings.length ? (
              <ul class="warnings" id="warnings">
                {warnings.map((w) => (
                  <li>{w}</li>
                ))}
              </ul>
            ) : (
              <p id="warnings">Nothing to warn about.</p>
            )}
            {edition.status === 'scheduled' ? (
              <p>
                Scheduled for <Time iso={edition.scheduledAt} />. Sending again replaces that time.
              </p>
            ) : null}
            {canSend ? (
              <PostForm frame={c.get('frame')} action={action}>
                <fieldset>
                  <legend>When</legend>
                  <label class="option">
                    <input type="radio" name="when" value="now" checked={state.when !== 'later'} /> <span>Now</span>
                  </label>
                  <label class="option">
                    <input type="radio" name="when" value="later" checked={state.when === 'later'} /> <span>At a time</span>
                  </label>
                </fieldset>
                <div class="form-grid">
                  <Field name="at" label="Date and time" type="datetime-local" value={state.at} errors={state.errors} hint="In the time zone below." />
                  <Field name="tz" label="Time zone" value={state.tz ?? 'UTC'} options={zoneOptions(state.tz)} errors={state.errors} attrs={{ 'data-browser-zone': '' }} />
                </div>
                <button type="submit" disabled={total === 0}>
                  Send to {formatNumber(total)} reader{total === 1 ? '' : 's'}
                </button>
              </PostForm>
            ) : (
              <p>
                This edition is {edition.status}. <a href={`/admin/editions/${edition.id}/progress`}>See its progress</a>.
              </p>
            )}
          </section>
        </div>
      </ConsoleLayout>,
      status,
    );
  };

  return new Hono<ConsoleEnv>()
    .get('/:id{[0-9]+}/test', async (c) => {
      const edition = await loadEdition(c);
      return edition instanceof Response ? edition : testPage(c, edition, { to: '', errors: {} });
    })
    .post('/:id{[0-9]+}/test', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const form = await c.req.parseBody();
      const state = { to: String(form.to ?? ''), as: String(form.as ?? ''), lang: String(form.lang ?? '') };
      const r = await c.get('api').call<{ sent: number; rejected: { index: number; message: string }[] }>(`/editions/${edition.id}/test`, {
        method: 'POST',
        json: { to: addresses(state.to), ...(state.as ? { as: state.as } : {}), ...(state.lang ? { lang: state.lang } : {}) },
      });
      if (!r.ok) return testPage(c, edition, { ...state, ...splitError(r.error, ['to', 'as', 'lang']) }, r.error.status === 503 ? 503 : 400);
      const list = addresses(state.to);
      const rejected = r.data.rejected.map((x) => `${list[x.index]} (${x.message})`).join('; ');
      const result = `Sent ${r.data.sent} test cop${r.data.sent === 1 ? 'y' : 'ies'} as ${state.as}, in ${isLanguageCode(state.lang) ? LANGUAGES[state.lang] : state.lang}.${rejected ? ` Refused: ${rejected}.` : ''}`;
      return testPage(c, edition, { ...state, errors: {}, result });
    })
    .get('/:id{[0-9]+}/send', async (c) => {
      const edition = await loadEdition(c);
      return edition instanceof Response ? edition : sendPage(c, edition, { errors: {} });
    })
    .post('/:id{[0-9]+}/send', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const form = await c.req.parseBody();
      const state = { when: String(form.when ?? 'now'), at: String(form.at ?? ''), tz: String(form.tz ?? 'UTC') };
      let body: { at?: string } = {};
      if (state.when === 'later') {
        const zoned = zonedToUtc(state.at, state.tz);
        if ('error' in zoned) {
          const field = /time zone/.test(zoned.error) ? 'tz' : 'at';
          return sendPage(c, edition, { ...state, errors: { [field]: zoned.error } }, 400);
        }
        if (Date.parse(zoned.iso) <= deps.clock.now().getTime()) {
          return sendPage(c, edition, { ...state, errors: { at: `that time has passed (${zoned.iso.slice(0, 16).replace('T', ' ')} UTC); choose a later one, or send now` } }, 400);
        }
        body = { at: zoned.iso };
      }
      const r = await c.get('api').call(`/editions/${edition.id}/send`, { method: 'POST', json: body });
      if (!r.ok) return sendPage(c, edition, { ...state, errors: {}, problem: r.error.message }, r.error.status === 409 ? 409 : 400);
      return c.redirect(`/admin/editions/${edition.id}/progress`, 303);
    });
}
