/** @jsxImportSource hono/jsx */
/**
 * The edition editor: `GET /admin/editions/new` and `POST /admin/editions` (create a draft),
 * `GET/POST /admin/editions/:id` (edit, save) and
 * `GET /admin/editions/:id/preview` (the exact email a reader gets, for the sandboxed frame).
 * Validation is the API's: its error lands beside the field it names.
 */
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { Edition } from '../../db/schema.js';
import { isEditable } from '../../editions/lifecycle.js';
import type { EditionSummary } from '../../editions/store.js';
import type { PersonaView } from '../../personas/store.js';
import { isLanguageCode, languageOptions, splitError } from '../forms.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, PostForm, sendConsolePage, type Frame } from '../layout.js';
import { Field, Notice, type FieldErrors } from '../ui.js';
import { EditionHead, EditionTabs, loadEdition, type EditionCtx } from './common.js';
import { blankValues, changes, toJson, valuesFrom, valuesOf, type EditionFormValues } from './form.js';

interface EditorProps {
  frame: Frame;
  edition?: Edition;
  values: EditionFormValues;
  errors: FieldErrors;
  problem?: string;
  notice?: string;
  preview?: Child;
}

function EditionForm({ frame, edition, values, errors }: Pick<EditorProps, 'frame' | 'edition' | 'values' | 'errors'>) {
  const action = edition ? `/admin/editions/${edition.id}` : '/admin/editions';
  const locked = edition && !isEditable(edition.status);
  const f = (name: keyof EditionFormValues, label: string, more: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field name={name} label={label} value={values[name]} errors={errors} {...more} />
  );
  return (
    <PostForm frame={frame} action={action} id="edition-form">
      <fieldset disabled={locked}>
        <legend class="muted">Front matter</legend>
        <div class="form-grid">
          {f('number', 'Number', { type: 'number', required: true, attrs: { min: 1 } })}
          {f('date', 'Date', { type: 'date', required: true })}
          {f('language', 'Language', { options: languageOptions })}
        </div>
        {f('title', 'Title', { required: true })}
        {f('dek', 'Dek', { hint: 'The line under the title.' })}
        <div class="form-grid">
          {f('section', 'Section')}
          {f('author', 'Author')}
          {f('slug', 'Slug', { hint: 'Optional; from the number and title when empty.' })}
        </div>
        {f('tldr', "Editor's TL;DR", { area: 'plain', hint: 'The fallback for every persona when Claude does not write one.' })}
        <div class="form-grid">
          {f('illustration.src', 'Illustration URL', { hint: 'https://… or /assets/…' })}
          {f('illustration.alt', 'Illustration alt text')}
          {f('illustration.caption', 'Illustration caption')}
        </div>
        <div class="form-grid">
          {f('next.title', '"Next article" title')}
          {f('next.url', '"Next article" URL')}
        </div>
        {f('body', 'Body (Markdown)', { area: 'code', required: true, hint: 'Markdown, with ## section headings.' })}
        <div class="field">
          <label class="inline">
            <input type="checkbox" name="translate" value="1" checked={values.translate !== ''} /> Translate the whole edition into each reader’s language (Claude;
            review them under TL;DRs)
          </label>
        </div>
        <div class="actions">
          <button type="submit">{edition ? 'Save draft' : 'Create draft'}</button>
          {edition ? <a href={`/admin/editions/${edition.id}/tldrs`}>TL;DRs →</a> : null}
        </div>
      </fieldset>
    </PostForm>
  );
}

/** The live preview: the real email, for a persona and a language, at desktop or phone width. */
export function Preview({ edition, personas, as, lang }: { edition: Edition; personas: PersonaView[]; as: string; lang: string }) {
  const src = `/admin/editions/${edition.id}/preview`;
  const label = personas.find((p) => p.slug === as)?.label ?? as;
  return (
    <section class="card preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <form method="get" action={`/admin/editions/${edition.id}`} data-preview="preview-frame" data-src={src}>
        <div class="form-grid">
          <Field name="as" label="Persona" value={as} options={personas.map((p) => ({ value: p.slug, label: p.label }))} />
          <Field name="lang" label="Language" value={lang} options={languageOptions} />
        </div>
        <button type="submit" class="secondary small">
          Show
        </button>
      </form>
      <fieldset class="widths">
        <legend class="muted">Width</legend>
        <label>
          <input type="radio" name="width" id="width-desktop" checked /> Desktop
        </label>
        <label>
          <input type="radio" name="width" id="width-phone" /> Phone (375 px)
        </label>
      </fieldset>
      <div class="preview-frame">
        <iframe id="preview-frame" title={`The email as a ${label} reader gets it`} sandbox="" src={`${src}?as=${encodeURIComponent(as)}&lang=${encodeURIComponent(lang)}`}></iframe>
      </div>
    </section>
  );
}

function EditorPage({ frame, edition, values, errors, problem, notice, preview }: EditorProps) {
  const title = edition ? 'Edit' : 'New edition';
  return (
    <ConsoleLayout frame={frame} title={edition ? `#${edition.number} ${edition.title}` : title}>
      {edition ? <EditionHead edition={edition} page={title} /> : <h1>{title}</h1>}
      {edition ? <EditionTabs edition={edition} current="" /> : null}
      {notice ? <Notice>{notice}</Notice> : null}
      {problem ? <Notice kind="alert">{problem}</Notice> : null}
      {edition && !isEditable(edition.status) ? <Notice kind="alert">This edition is {edition.status}: what went out stays as it was, so it can no longer be edited.</Notice> : null}
      <div class={preview ? 'cols' : undefined}>
        <section class="card" aria-label="Edition">
          <EditionForm frame={frame} edition={edition} values={values} errors={errors} />
        </section>
        {preview}
      </div>
    </ConsoleLayout>
  );
}

const NOTICES: Record<string, string> = { created: 'Draft created.', saved: 'Draft saved.', unchanged: 'Nothing had changed.' };

/** The editor's routes, mounted under `/admin/editions`. */
export function editorRoutes({ now }: { now: () => Date }) {
  const nextDefaults = async (c: EditionCtx) => {
    const { data } = await c.get('api').get<{ data: EditionSummary[] }>('/editions');
    const last = data[0];
    return { number: (last?.number ?? 0) + 1, date: now().toISOString().slice(0, 10), section: last?.section ?? '', author: last?.author ?? '' };
  };
  const editPage = async (c: EditionCtx, edition: Edition, values: EditionFormValues, errors: FieldErrors, problem?: string, status: 200 | 400 | 409 = 200) => {
    const { data: personas } = await c.get('api').get<{ data: PersonaView[] }>('/personas');
    const as = personas.some((p) => p.slug === c.req.query('as')) ? c.req.query('as')! : (personas.find((p) => p.isDefault) ?? personas[0])?.slug;
    const lang = isLanguageCode(c.req.query('lang')) ? c.req.query('lang')! : edition.language;
    const preview = as ? <Preview edition={edition} personas={personas} as={as} lang={lang} /> : undefined;
    const notice = NOTICES[c.req.query('done') ?? ''];
    return sendConsolePage(c, <EditorPage frame={c.get('frame')} edition={edition} values={values} errors={errors} problem={problem} notice={notice} preview={preview} />, status);
  };

  return new Hono<ConsoleEnv>()
    .get('/new', async (c) => sendConsolePage(c, <EditorPage frame={c.get('frame')} values={blankValues(await nextDefaults(c))} errors={{}} />))
    .post('/', async (c) => {
      const values = valuesFrom(await c.req.parseBody());
      const r = await c.get('api').call<Edition>('/editions', { method: 'POST', json: toJson(values) });
      if (r.ok) return c.redirect(`/admin/editions/${r.data.id}?done=created`, 303);
      const { errors, problem } = splitError(r.error, Object.keys(values));
      return sendConsolePage(c, <EditorPage frame={c.get('frame')} values={values} errors={errors} problem={problem ?? 'Nothing was saved: see the field marked below.'} />, 400);
    })
    .get('/:id{[0-9]+}', async (c) => {
      const edition = await loadEdition(c);
      return edition instanceof Response ? edition : editPage(c, edition, valuesOf(edition), {});
    })
    .post('/:id{[0-9]+}', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const values = valuesFrom(await c.req.parseBody());
      const patch = changes(valuesOf(edition), values);
      if (Object.keys(patch).length === 0) return c.redirect(`/admin/editions/${edition.id}?done=unchanged`, 303);
      const r = await c.get('api').call<Edition>(`/editions/${edition.id}`, { method: 'PATCH', json: patch });
      if (r.ok) return c.redirect(`/admin/editions/${edition.id}?done=saved`, 303);
      const { errors, problem } = splitError(r.error, Object.keys(values));
      return editPage(c, edition, values, errors, problem ?? 'Nothing was saved: see the field marked below.', r.error.status === 409 ? 409 : 400);
    })
    .get('/:id{[0-9]+}/preview', async (c) => {
      const q = new URLSearchParams({ format: 'html' });
      for (const k of ['as', 'lang']) if (c.req.query(k)) q.set(k, c.req.query(k)!);
      const res = await c.get('api').raw(`/editions/${encodeURIComponent(c.req.param('id'))}/preview?${q}`, { headers: { accept: 'text/html' } });
      if (!res.ok) {
        const e = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        return c.html(`<!doctype html><title>No preview</title><p>No preview: ${escapeText(e?.error?.message ?? res.statusText)}</p>`, res.status as 400);
      }
      // The API's own CSP for its email, plus: only the console may frame it.
      const csp = `${res.headers.get('content-security-policy') ?? "default-src 'none'"}; frame-ancestors 'self'`;
      return c.body(await res.text(), 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' });
    });
}

const escapeText = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
