/** @jsxImportSource hono/jsx */
/**
 * The subscriber pages under `/admin/subscribers`: the list, add (`/new`), edit (`/:id`), erase
 * behind a confirmation (`/:id/erase`), and the CSV import and export (`/import`, `/export`).
 * Every change is the API's; its refusals land beside the field they name.
 */
import { Hono, type Context } from 'hono';
import { SUBSCRIBER_STATUSES } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import type { PersonaView } from '../../personas/store.js';
import type { SubscriberView } from '../../subscribers/store.js';
import { languageOptions, splitError } from '../forms.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, PostForm, sendConsolePage, type Frame } from '../layout.js';
import { problemPage } from '../problem.js';
import { Field, Notice, type FieldErrors } from '../ui.js';
import { importRoutes } from './import.js';
import { subscribersPage } from './list.js';

const FIELDS = ['email', 'name', 'persona', 'language', 'status'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

function SubscriberForm(props: { frame: Frame; action: string; values: Values; errors: FieldErrors; personas: PersonaView[]; creating: boolean }) {
  const { frame, action, values, errors, personas, creating } = props;
  const statuses = creating ? ['active', 'pending'] : SUBSCRIBER_STATUSES;
  return (
    <PostForm frame={frame} action={action}>
      <Field name="email" label="Address" type="email" value={values.email} errors={errors} required />
      <Field name="name" label="Name" value={values.name} errors={errors} hint="Optional." />
      <div class="form-grid">
        <Field name="persona" label="Persona" value={values.persona} errors={errors} options={personas.map((p) => ({ value: p.slug, label: p.label }))} />
        <Field name="language" label="Language" value={values.language} errors={errors} options={languageOptions} />
        <Field name="status" label="Status" value={values.status} errors={errors} options={statuses.map((s) => ({ value: s, label: s }))} />
      </div>
      <div class="actions">
        <button type="submit">{creating ? 'Add subscriber' : 'Save'}</button>
        <a href="/admin/subscribers">Back to the list</a>
      </div>
    </PostForm>
  );
}

const valuesFrom = (form: Record<string, unknown>): Values =>
  Object.fromEntries(FIELDS.map((f) => [f, typeof form[f] === 'string' ? (form[f] as string) : ''])) as Values;

/** The subscriber pages, mounted at `/admin/subscribers`. */
export function subscriberRoutes(deps: AppDeps) {
  type Ctx = Context<ConsoleEnv>;
  const personasOf = async (c: Ctx) => (await c.get('api').get<{ data: PersonaView[] }>('/personas')).data;

  const formPage = async (c: Ctx, s: SubscriberView | null, values: Values, errors: FieldErrors, problem?: string, status: 200 | 400 | 409 = 200) => {
    const action = s ? `/admin/subscribers/${s.id}` : '/admin/subscribers/new';
    const title = s ? s.email : 'Add a subscriber';
    return sendConsolePage(
      c,
      <ConsoleLayout frame={c.get('frame')} title={title}>
        <h1>{title}</h1>
        {problem ? <Notice kind="alert">{problem}</Notice> : null}
        <section class="card">
          <SubscriberForm frame={c.get('frame')} action={action} values={values} errors={errors} personas={await personasOf(c)} creating={!s} />
        </section>
        {s ? (
          <section class="card">
            <h2>Erase</h2>
            <p>Erasing removes the address and name for good (past sends keep only their counts). A suppressed address stays suppressed.</p>
            <a class="button danger" href={`/admin/subscribers/${s.id}/erase`}>
              Erase this subscriber…
            </a>
          </section>
        ) : null}
      </ConsoleLayout>,
      status,
    );
  };
  const load = async (c: Ctx) => {
    const r = await c.get('api').call<SubscriberView>(`/subscribers/${encodeURIComponent(c.req.param('id') ?? '')}`);
    return r.ok ? r.data : problemPage(c, deps.config.publication, 404, 'No such subscriber', 'This subscriber does not exist (or was erased).');
  };
  const refused = (e: { message: string; field?: string; status: number }) => ({ ...splitError(e, FIELDS), status: e.status === 409 ? (409 as const) : (400 as const) });

  return new Hono<ConsoleEnv>()
    .get('/', (c) => subscribersPage(c, deps.db))
    .route('/', importRoutes())
    .get('/new', async (c) => {
      const personas = await personasOf(c);
      const persona = (personas.find((p) => p.isDefault) ?? personas[0])?.slug ?? '';
      return formPage(c, null, { email: '', name: '', persona, language: 'en', status: 'active' }, {});
    })
    .post('/new', async (c) => {
      const values = valuesFrom(await c.req.parseBody());
      // Empty choices are left to the API's defaults (the default persona, English, active).
      const json = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== '' || k === 'email'));
      const r = await c.get('api').call('/subscribers', { method: 'POST', json });
      if (r.ok) return c.redirect('/admin/subscribers?done=added', 303);
      const { errors, problem, status } = refused(r.error);
      return formPage(c, null, values, errors, problem, status);
    })
    .get('/:id{sub_[0-9a-z]+}', async (c) => {
      const s = await load(c);
      return s instanceof Response ? s : formPage(c, s, { ...s, name: s.name ?? '' }, {});
    })
    .post('/:id{sub_[0-9a-z]+}', async (c) => {
      const s = await load(c);
      if (s instanceof Response) return s;
      const values = valuesFrom(await c.req.parseBody());
      // Only what changed: a new address revokes the reader's links, an unchanged one must not.
      const patch = Object.fromEntries(FIELDS.filter((f) => values[f] !== (s[f] ?? '')).map((f) => [f, f === 'name' && !values[f] ? null : values[f]]));
      if (Object.keys(patch).length) {
        const r = await c.get('api').call(`/subscribers/${s.id}`, { method: 'PATCH', json: patch });
        if (!r.ok) {
          const { errors, problem, status } = refused(r.error);
          return formPage(c, s, values, errors, problem, status);
        }
      }
      return c.redirect('/admin/subscribers?done=saved', 303);
    })
    .get('/:id{sub_[0-9a-z]+}/erase', async (c) => {
      const s = await load(c);
      if (s instanceof Response) return s;
      const action = `/admin/subscribers/${s.id}/erase`;
      return sendConsolePage(
        c,
        <ConsoleLayout frame={c.get('frame')} title="Erase a subscriber">
          <article class="card">
            <h1>Erase {s.email}?</h1>
            <p class="lede">
              Their address and name are removed for good, here and from past sends; the counts stay. This cannot be undone. To stop mail but keep the record, set their
              status to unsubscribed instead.
            </p>
            <PostForm frame={c.get('frame')} action={action} class="actions">
              <button type="submit" class="danger">
                Erase {s.email}
              </button>
              <a href={`/admin/subscribers/${s.id}`}>Keep them</a>
            </PostForm>
          </article>
        </ConsoleLayout>,
      );
    })
    .post('/:id{sub_[0-9a-z]+}/erase', async (c) => {
      const r = await c.get('api').call(`/subscribers/${encodeURIComponent(c.req.param('id'))}`, { method: 'DELETE' });
      if (!r.ok) return problemPage(c, deps.config.publication, r.error.status === 404 ? 404 : 409, 'Not erased', r.error.message);
      return c.redirect('/admin/subscribers?done=erased', 303);
    });
}
