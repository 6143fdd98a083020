/** @jsxImportSource hono/jsx */
/**
 * `/admin/personas`: who the readers are. Each persona's description is what Claude reads when it
 * writes that reader's TL;DR, so it is shown and edited large. Create, edit, choose the default,
 * delete (its readers move to the default) — each through the API.
 */
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.js';
import type { PersonaView } from '../personas/store.js';
import { subscriberCountCells } from '../subscribers/counts.js';
import { splitError } from './forms.js';
import type { ConsoleEnv } from './guard.js';
import { ConsoleLayout, PostForm, sendConsolePage, type Frame } from './layout.js';
import { problemPage } from './problem.js';
import { Badge, Empty, Field, formatNumber, Notice, PageHead, type FieldErrors } from './ui.js';

type Ctx = Context<ConsoleEnv>;
const NOTICES: Record<string, string> = { created: 'Persona created.', saved: 'Persona saved.', default: 'The default persona changed.', deleted: 'Persona deleted; its readers moved to the default.' };

function PersonaForm({ frame, action, values, errors, creating }: { frame: Frame; action: string; values: Record<string, string>; errors: FieldErrors; creating: boolean }) {
  return (
    <PostForm frame={frame} action={action}>
      {creating ? <Field name="slug" label="Slug" value={values.slug} errors={errors} required hint="Lowercase letters, digits and dashes; it names the persona in links and the API." /> : null}
      <Field name="label" label="Label" value={values.label} errors={errors} required hint="What readers see: “Read it as… Engineer”." />
      <Field name="description" label="Description" area="large" value={values.description} errors={errors} required hint="Claude’s picture of this reader: who they are, what they know, what they care about. It shapes every TL;DR written for them." />
      {creating ? (
        <div class="field">
          <label class="inline">
            <input type="checkbox" name="isDefault" value="1" checked={values.isDefault === '1'} /> Make it the default (new readers get it)
          </label>
        </div>
      ) : null}
      <div class="actions">
        <button type="submit">{creating ? 'Create persona' : 'Save persona'}</button>
        <a href="/admin/personas">Back to the personas</a>
      </div>
    </PostForm>
  );
}

/** The persona pages, mounted at `/admin/personas`. */
export function personaRoutes(deps: AppDeps) {
  const readers = async () => {
    const by = new Map<string, { all: number; active: number }>();
    for (const cell of await subscriberCountCells(deps.db)) {
      const r = by.get(cell.persona) ?? { all: 0, active: 0 };
      r.all += cell.n;
      if (cell.status === 'active') r.active += cell.n;
      by.set(cell.persona, r);
    }
    return (slug: string) => by.get(slug) ?? { all: 0, active: 0 };
  };
  const list = async (c: Ctx) => (await c.get('api').get<{ data: PersonaView[] }>('/personas')).data;
  const one = async (c: Ctx) => {
    const r = await c.get('api').call<PersonaView>(`/personas/${encodeURIComponent(c.req.param('slug') ?? '')}`);
    return r.ok ? r.data : problemPage(c, deps.config.publication, 404, 'No such persona', 'This persona does not exist.');
  };
  const formPage = (c: Ctx, p: PersonaView | null, values: Record<string, string>, errors: FieldErrors, problem?: string, status: 200 | 400 | 409 = 200) =>
    sendConsolePage(
      c,
      <ConsoleLayout frame={c.get('frame')} title={p ? p.label : 'New persona'}>
        <h1>{p ? `Persona: ${p.label}` : 'New persona'}</h1>
        {problem ? <Notice kind="alert">{problem}</Notice> : null}
        <section class="card">
          <PersonaForm frame={c.get('frame')} action={p ? `/admin/personas/${p.slug}` : '/admin/personas/new'} values={values} errors={errors} creating={!p} />
        </section>
      </ConsoleLayout>,
      status,
    );
  const refusal = (e: { status: number; message: string; field?: string }) => ({ ...splitError(e, ['slug', 'label', 'description']), status: e.status === 409 ? (409 as const) : (400 as const) });

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const [personas, count] = await Promise.all([list(c), readers()]);
      const frame = c.get('frame');
      const notice = NOTICES[c.req.query('done') ?? ''];
      return sendConsolePage(
        c,
        <ConsoleLayout frame={frame} title="Personas">
          <PageHead title="Personas">
            <a class="button" href="/admin/personas/new">
              New persona
            </a>
          </PageHead>
          {notice ? <Notice>{notice}</Notice> : null}
          {personas.length === 0 ? (
            <section class="card">
              <Empty>
                <p>No personas yet. Each reader reads as one; Claude writes a TL;DR for each.</p>
                <a class="button" href="/admin/personas/new">
                  New persona
                </a>
              </Empty>
            </section>
          ) : (
            personas.map((p) => {
              const n = count(p.slug);
              return (
                <article class="card" id={`persona-${p.slug}`} aria-labelledby={`persona-${p.slug}-title`}>
                  <h2 id={`persona-${p.slug}-title`}>
                    {p.label} {p.isDefault ? <Badge kind="info">default</Badge> : null}
                  </h2>
                  <p class="meta">
                    <code>{p.slug}</code> · {formatNumber(n.all)} reader{n.all === 1 ? '' : 's'} ({formatNumber(n.active)} active)
                  </p>
                  <p class="description">{p.description}</p>
                  <div class="row-actions">
                    <a class="button secondary small" href={`/admin/personas/${p.slug}`}>
                      Edit<span class="vh"> {p.label}</span>
                    </a>
                    {p.isDefault ? null : (
                      <>
                        <PostForm frame={frame} action={`/admin/personas/${p.slug}/default`} class="inline">
                          <button type="submit" class="secondary small">
                            Make default<span class="vh"> ({p.label})</span>
                          </button>
                        </PostForm>
                        <a href={`/admin/personas/${p.slug}/delete`}>
                          Delete<span class="vh"> {p.label}</span>…
                        </a>
                      </>
                    )}
                  </div>
                </article>
              );
            })
          )}
        </ConsoleLayout>,
      );
    })
    .get('/new', (c) => formPage(c, null, { slug: '', label: '', description: '', isDefault: '' }, {}))
    .post('/new', async (c) => {
      const form = await c.req.parseBody();
      const values = { slug: String(form.slug ?? ''), label: String(form.label ?? ''), description: String(form.description ?? '').replace(/\r\n/g, '\n'), isDefault: form.isDefault ? '1' : '' };
      const r = await c.get('api').call('/personas', { method: 'POST', json: { slug: values.slug, label: values.label, description: values.description, isDefault: !!values.isDefault } });
      if (r.ok) return c.redirect('/admin/personas?done=created', 303);
      const { errors, problem, status } = refusal(r.error);
      return formPage(c, null, values, errors, problem, status);
    })
    .get('/:slug', async (c) => {
      const p = await one(c);
      return p instanceof Response ? p : formPage(c, p, { label: p.label, description: p.description }, {});
    })
    .post('/:slug', async (c) => {
      const p = await one(c);
      if (p instanceof Response) return p;
      const form = await c.req.parseBody();
      const values = { label: String(form.label ?? ''), description: String(form.description ?? '').replace(/\r\n/g, '\n') };
      const r = await c.get('api').call(`/personas/${p.slug}`, { method: 'PATCH', json: values });
      if (r.ok) return c.redirect('/admin/personas?done=saved', 303);
      const { errors, problem, status } = refusal(r.error);
      return formPage(c, p, values, errors, problem, status);
    })
    .post('/:slug/default', async (c) => {
      const r = await c.get('api').call(`/personas/${encodeURIComponent(c.req.param('slug'))}`, { method: 'PATCH', json: { isDefault: true } });
      if (!r.ok) return problemPage(c, deps.config.publication, r.error.status === 404 ? 404 : 409, 'Not changed', r.error.message);
      return c.redirect('/admin/personas?done=default', 303);
    })
    .get('/:slug/delete', async (c) => {
      const p = await one(c);
      if (p instanceof Response) return p;
      const personas = await list(c);
      const fallback = personas.find((x) => x.isDefault) ?? personas[0];
      const n = (await readers())(p.slug).all;
      return sendConsolePage(
        c,
        <ConsoleLayout frame={c.get('frame')} title={`Delete ${p.label}`}>
          <article class="card">
            <h1>Delete the persona “{p.label}”?</h1>
            <p class="lede">
              {p.isDefault
                ? 'This is the default persona: make another one the default first.'
                : `Its ${formatNumber(n)} reader${n === 1 ? '' : 's'} move to ${fallback?.label ?? 'the default'}, the default persona. TL;DRs already written for it stay with past editions.`}
            </p>
            <PostForm frame={c.get('frame')} action={`/admin/personas/${p.slug}/delete`} class="actions">
              <button type="submit" class="danger" disabled={p.isDefault}>
                Delete {p.label}
              </button>
              <a href="/admin/personas">Keep it</a>
            </PostForm>
          </article>
        </ConsoleLayout>,
      );
    })
    .post('/:slug/delete', async (c) => {
      const r = await c.get('api').call(`/personas/${encodeURIComponent(c.req.param('slug'))}`, { method: 'DELETE' });
      if (!r.ok) return problemPage(c, deps.config.publication, r.error.status === 404 ? 404 : 409, 'Not deleted', r.error.message);
      return c.redirect('/admin/personas?done=deleted', 303);
    });
}
