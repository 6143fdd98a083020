/** @jsxImportSource hono/jsx */
/**
 * An edition's TL;DR variants: `GET /admin/editions/:id/tldrs` (the persona × language grid, each
 * variant's source, flag reason and cost, under the row of the edition's translations),
 * `POST …/tldrs` (write the missing ones, or regenerate one persona's), `POST …/translations`
 * (translate the edition, or one language again), and `GET/POST …/tldrs/:persona/:lang` (the
 * editor's own text, which Claude never overwrites).
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { isEditable } from '../../editions/lifecycle.js';
import type { PersonaView } from '../../personas/store.js';
import { audienceByVariant } from '../../subscribers/counts.js';
import { LANGUAGES } from '../../subscribers/languages.js';
import type { TldrCostSummary } from '../../tldr/store.js';
import type { toVariantView } from '../../tldr/routes.js';
import { isLanguageCode, splitError } from '../forms.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, PostForm, sendConsolePage, type Frame } from '../layout.js';
import { Badge, Field, Notice, type FieldErrors } from '../ui.js';
import { EditionHead, EditionTabs, loadEdition, type EditionCtx, type EditionView } from './common.js';
import { TranslationRow, type Translations } from './translations.js';

type Variant = ReturnType<typeof toVariantView>;
const SOURCE_LABEL = { claude: 'Claude', editor: 'Editor', fallback: 'Fallback' } as const;
const NOTICES: Record<string, string> = {
  written: 'The missing TL;DRs are written.',
  regenerated: 'The persona’s TL;DRs were written again.',
  job: 'Sent to Claude as one batch job (half price); the scheduler collects the answers.',
  saved: 'Your TL;DR is saved; Claude will not overwrite it.',
  translated: 'The edition is translated into its readers’ languages.',
  'translation-saved': 'Your translation is saved; Claude will not overwrite it.',
};

const usd = (n: number) => `$${n.toFixed(4)}`;

function Cell({ edition, persona, lang, v }: { edition: EditionView; persona: PersonaView; lang: string; v?: Variant }) {
  const edit = `/admin/editions/${edition.id}/tldrs/${persona.slug}/${lang}`;
  if (!v) {
    return (
      <td id={`v-${persona.slug}-${lang}`}>
        <p class="muted">Not written yet.</p>
        {isEditable(edition.status) ? <a href={edit}>Write it yourself</a> : null}
      </td>
    );
  }
  return (
    <td id={`v-${persona.slug}-${lang}`}>
      <Badge kind={v.source}>{SOURCE_LABEL[v.source]}</Badge> {v.flagged ? <Badge kind="flagged">flagged</Badge> : null}
      {v.pendingJob ? <p class="meta">Waiting for Claude’s batch job {v.pendingJob}.</p> : null}
      {v.flagReason ? <p class="meta">Flag: {v.flagReason}</p> : null}
      <p class="tldr-text" lang={lang}>
        {v.text}
      </p>
      {v.why ? (
        <p class="why" lang={lang}>
          {v.why}
        </p>
      ) : null}
      <p class="meta">
        {v.model || v.costUsd ? `${usd(v.costUsd)} · ${v.inputTokens + v.cacheReadTokens + v.cacheWriteTokens} tokens in / ${v.outputTokens} out${v.model ? ` · ${v.model}` : ''}` : 'No Claude call · $0'}
      </p>
      {isEditable(edition.status) ? (
        <a href={edit} aria-label={`Edit the ${persona.label} TL;DR in ${LANGUAGES[lang] ?? lang}`}>
          Edit
        </a>
      ) : null}
    </td>
  );
}

interface GridProps {
  frame: Frame;
  edition: EditionView;
  personas: PersonaView[];
  languages: string[];
  variants: Variant[];
  totals: TldrCostSummary;
  translations: Translations;
  notice?: string;
  problem?: string;
}

function VariantsPage({ frame, edition, personas, languages, variants, totals, translations, notice, problem }: GridProps) {
  const find = (p: string, l: string) => variants.find((v) => v.persona === p && v.language === l);
  const action = `/admin/editions/${edition.id}/tldrs`;
  const open = isEditable(edition.status);
  return (
    <ConsoleLayout frame={frame} title={`TL;DRs · #${edition.number}`}>
      <EditionHead edition={edition} page="TL;DRs" />
      <EditionTabs edition={edition} current="/tldrs" />
      {notice ? <Notice>{notice}</Notice> : null}
      {problem ? <Notice kind="alert">{problem}</Notice> : null}
      <section class="card">
        <div class="row-actions">
          <PostForm frame={frame} action={action}>
            <button type="submit">Write missing TL;DRs</button>
          </PostForm>
          {open ? (
            <PostForm frame={frame} action={`/admin/editions/${edition.id}/translations`}>
              <button type="submit" class="secondary">
                {translations.translate ? 'Translate missing languages' : 'Translate the edition'}
              </button>
            </PostForm>
          ) : null}
          <a href={`/admin/editions/${edition.id}/compare`}>See them side by side</a>
        </div>
        <p class="meta">
          Claude writes one TL;DR per persona and language your readers have; without a key, or when Claude fails, the editor’s TL;DR stands in (Fallback). Your own
          text always wins. So far: {totals.calls} Claude call{totals.calls === 1 ? '' : 's'}, {usd(totals.costUsd)}.
        </p>
        {variants.length === 0 ? <p class="empty">No TL;DR written yet. Write the missing ones, or write one yourself.</p> : null}
        <div class="table-wrap">
          <table class="data variants">
            <caption>TL;DRs by persona (rows) and language (columns)</caption>
            <thead>
              <tr>
                <th scope="col">Persona</th>
                {languages.map((l) => (
                  <th scope="col">{`${LANGUAGES[l] ?? l} (${l})`}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              <TranslationRow frame={frame} edition={edition} languages={languages} translations={translations} />
              {personas.map((p) => (
                <tr>
                  <th scope="row">
                    {p.label}
                    {open ? (
                      <PostForm frame={frame} action={action}>
                        <input type="hidden" name="regenerate" value={p.slug} />
                        <button type="submit" class="secondary small" aria-label={`Regenerate the ${p.label} TL;DRs`}>
                          Regenerate
                        </button>
                      </PostForm>
                    ) : null}
                  </th>
                  {languages.map((l) => (
                    <Cell edition={edition} persona={p} lang={l} v={find(p.slug, l)} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </ConsoleLayout>
  );
}

function EditVariantPage(props: { frame: Frame; edition: EditionView; persona: PersonaView; lang: string; values: { text: string; why: string }; errors: FieldErrors; problem?: string }) {
  const { frame, edition, persona, lang, values, errors, problem } = props;
  const action = `/admin/editions/${edition.id}/tldrs/${persona.slug}/${lang}`;
  return (
    <ConsoleLayout frame={frame} title={`TL;DR · ${persona.label} · ${lang}`}>
      <EditionHead edition={edition} page={`TL;DR for the ${persona.label} reader, in ${LANGUAGES[lang] ?? lang}`} />
      <EditionTabs edition={edition} current="/tldrs" />
      {problem ? <Notice kind="alert">{problem}</Notice> : null}
      <section class="card">
        <p class="meta">{persona.description}</p>
        <PostForm frame={frame} action={action}>
          <Field name="text" label="TL;DR" value={values.text} area="large" errors={errors} hint="Your text wins: Claude never overwrites it." />
          <Field name="why" label="Why it matters (optional)" value={values.why} errors={errors} />
          <div class="actions">
            <button type="submit">Save TL;DR</button>
            <a href={`/admin/editions/${edition.id}/tldrs`}>Cancel</a>
          </div>
        </PostForm>
      </section>
    </ConsoleLayout>
  );
}

/** The TL;DR grid, its actions, one variant's editor and the side-by-side view, mounted under `/admin/editions`. */
export function tldrRoutes({ db }: Pick<AppDeps, 'db'>) {
  const load = async (c: EditionCtx, edition: EditionView) => {
    const api = c.get('api');
    const [{ data: personas }, { data: variants, totals }, translations] = await Promise.all([
      api.get<{ data: PersonaView[] }>('/personas'),
      api.get<{ data: Variant[]; totals: TldrCostSummary }>(`/editions/${edition.id}/tldrs`),
      api.get<Translations>(`/editions/${edition.id}/translations`),
    ]);
    return { personas, variants, totals, translations };
  };
  const page = async (c: EditionCtx, edition: EditionView, problem?: string) => {
    const { personas, variants, totals, translations } = await load(c, edition);
    const audience = await audienceByVariant(db);
    const languages = [...new Set([edition.language, ...audience.map((a) => a.language), ...variants.map((v) => v.language), ...translations.data.map((t) => t.language)])];
    const notice = NOTICES[c.req.query('done') ?? ''];
    return sendConsolePage(
      c,
      <VariantsPage frame={c.get('frame')} edition={edition} personas={personas} languages={languages} variants={variants} totals={totals} translations={translations} notice={notice} problem={problem} />,
      problem ? 409 : 200,
    );
  };
  const persona = async (c: EditionCtx) => {
    const r = await c.get('api').call<PersonaView>(`/personas/${encodeURIComponent(c.req.param('persona') ?? '')}`);
    return r.ok ? r.data : null;
  };

  return new Hono<ConsoleEnv>()
    .get('/:id{[0-9]+}/tldrs', async (c) => {
      const edition = await loadEdition(c);
      return edition instanceof Response ? edition : page(c, edition);
    })
    .post('/:id{[0-9]+}/tldrs', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const regenerate = (await c.req.parseBody()).regenerate;
      const q = typeof regenerate === 'string' && regenerate ? `?regenerate=${encodeURIComponent(regenerate)}` : '';
      const r = await c.get('api').call<unknown>(`/editions/${edition.id}/tldrs${q}`, { method: 'POST' });
      if (!r.ok) return page(c, edition, r.error.message);
      return c.redirect(`/admin/editions/${edition.id}/tldrs?done=${r.status === 202 ? 'job' : q ? 'regenerated' : 'written'}`, 303);
    })
    .post('/:id{[0-9]+}/translations', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const regenerate = (await c.req.parseBody()).regenerate;
      const q = typeof regenerate === 'string' && isLanguageCode(regenerate) ? `?regenerate=${regenerate}` : '';
      const r = await c.get('api').call(`/editions/${edition.id}/translations${q}`, { method: 'POST' });
      if (!r.ok) return page(c, edition, r.error.message);
      return c.redirect(`/admin/editions/${edition.id}/tldrs?done=translated`, 303);
    })
    .on(['GET', 'POST'], '/:id{[0-9]+}/tldrs/:persona/:lang', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const p = await persona(c);
      const lang = c.req.param('lang');
      if (!p || !isLanguageCode(lang)) return c.redirect(`/admin/editions/${edition.id}/tldrs`, 303);
      const current = (await load(c, edition)).variants.find((v) => v.persona === p.slug && v.language === lang);
      let values = { text: current?.text ?? edition.tldr, why: current?.why ?? '' };
      let errors: FieldErrors = {};
      let problem: string | undefined;
      if (c.req.method === 'POST') {
        const form = await c.req.parseBody();
        values = { text: String(form.text ?? ''), why: String(form.why ?? '') };
        const r = await c.get('api').call(`/editions/${edition.id}/tldrs/${p.slug}?lang=${lang}`, { method: 'PUT', json: { text: values.text, why: values.why || null } });
        if (r.ok) return c.redirect(`/admin/editions/${edition.id}/tldrs?done=saved`, 303);
        ({ errors, problem } = splitError(r.error, ['text', 'why']));
      }
      const status = c.req.method === 'POST' ? 400 : 200;
      return sendConsolePage(c, <EditVariantPage frame={c.get('frame')} edition={edition} persona={p} lang={lang} values={values} errors={errors} problem={problem} />, status);
    });
}
