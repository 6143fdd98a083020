/** @jsxImportSource hono/jsx */
/**
 * `GET /admin/editions/:id/compare`: the email side by side, as each chosen persona gets it in a
 * language — the real preview of each, in sandboxed frames.
 */
import { Hono } from 'hono';
import type { PersonaView } from '../../personas/store.js';
import { isLanguageCode, languageOptions } from '../forms.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, sendConsolePage } from '../layout.js';
import { Field } from '../ui.js';
import { EditionHead, EditionTabs, loadEdition } from './common.js';

/** The side-by-side view, mounted under `/admin/editions`. */
export function compareRoutes() {
  return new Hono<ConsoleEnv>()
    .get('/:id{[0-9]+}/compare', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const { data: personas } = await c.get('api').get<{ data: PersonaView[] }>('/personas');
      const chosen = c.req.queries('as')?.filter((s) => personas.some((p) => p.slug === s));
      const shown = chosen?.length ? personas.filter((p) => chosen.includes(p.slug)) : personas;
      const lang = isLanguageCode(c.req.query('lang')) ? c.req.query('lang')! : edition.language;
      return sendConsolePage(
        c,
        <ConsoleLayout frame={c.get('frame')} title={`Side by side · #${edition.number}`}>
          <EditionHead edition={edition} page="Side by side" />
          <EditionTabs edition={edition} current="/compare" />
          <section class="card">
            <form method="get" action={`/admin/editions/${edition.id}/compare`}>
              <fieldset>
                <legend>Personas</legend>
                <div class="row-actions">
                  {personas.map((p) => (
                    <label class="inline">
                      <input type="checkbox" name="as" value={p.slug} checked={shown.includes(p)} /> {p.label}
                    </label>
                  ))}
                </div>
              </fieldset>
              <div class="form-grid">
                <Field name="lang" label="Language" value={lang} options={languageOptions} />
              </div>
              <button type="submit" class="secondary small">
                Show
              </button>
            </form>
          </section>
          <div class="side-by-side" role="group" aria-label="The email as each persona gets it">
            {shown.map((p) => (
              <figure>
                <figcaption>{p.label}</figcaption>
                <iframe sandbox="" title={`The email as the ${p.label} reader gets it`} src={`/admin/editions/${edition.id}/preview?as=${encodeURIComponent(p.slug)}&lang=${lang}`}></iframe>
              </figure>
            ))}
          </div>
        </ConsoleLayout>,
      );
    });
}
