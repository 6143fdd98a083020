/** @jsxImportSource hono/jsx */
/**
 * `GET /admin/subscribers`: search by address, filter by status, persona and language, and page
 * through the list with the API's cursor (keyset pagination in id order). The counts come from
 * the counts the database keeps per status × persona × language, so they cost the same for a
 * hundred readers or a million.
 */
import type { Context } from 'hono';
import { SUBSCRIBER_STATUSES } from '../../db/schema.js';
import type { Db } from '../../db/types.js';
import type { PersonaView } from '../../personas/store.js';
import { subscriberCountCells } from '../../subscribers/counts.js';
import type { SubscriberView } from '../../subscribers/store.js';
import type { ApiResult } from '../api.js';
import { isLanguageCode, languageOptions } from '../forms.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, sendConsolePage } from '../layout.js';
import { Badge, Empty, Field, formatNumber, Notice, PageHead, Time, type FieldErrors } from '../ui.js';

/** Rows per page: enough to scan, small enough to answer at once. */
export const PAGE_SIZE = 50;
const FILTERS = ['email', 'status', 'persona', 'language'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const NOTICES: Record<string, string> = { added: 'Subscriber added.', saved: 'Subscriber saved.', erased: 'The subscriber was erased.' };

type Cells = Awaited<ReturnType<typeof subscriberCountCells>>;

/** How many subscribers the status / persona / language filters match (the address is not counted). */
const matching = (cells: Cells, filters: Filters) =>
  cells
    .filter((c) => (!filters.status || c.status === filters.status) && (!filters.persona || c.persona === filters.persona) && (!filters.language || c.language === filters.language))
    .reduce((s, c) => s + c.n, 0);

/**
 * Whether the counts already say the page is empty: well-formed filters that match nobody. The
 * list query is then not run — on a million rows, finding nothing through one filter's index
 * means reading all of that index's rows.
 */
const knownEmpty = (cells: Cells, filters: Filters, cursor: string | undefined) =>
  !filters.email &&
  !cursor &&
  (!filters.status || (SUBSCRIBER_STATUSES as readonly string[]).includes(filters.status)) &&
  (!filters.language || isLanguageCode(filters.language)) &&
  matching(cells, filters) === 0;

function Counts({ cells, filters }: { cells: Cells; filters: Filters }) {
  const total = cells.reduce((s, c) => s + c.n, 0);
  const byStatus = SUBSCRIBER_STATUSES.map((s) => [s, cells.filter((c) => c.status === s).reduce((n, c) => n + c.n, 0)] as const).filter(([, n]) => n > 0);
  const filtered = filters.status || filters.persona || filters.language;
  return (
    <p id="counts" class="meta">
      {formatNumber(total)} subscribers{byStatus.length ? ': ' : ''}
      {byStatus.map(([s, n]) => `${formatNumber(n)} ${s}`).join(', ')}.{filtered ? ` ${formatNumber(matching(cells, filters))} match these filters.` : ''}
    </p>
  );
}

/** `GET /admin/subscribers`. */
export async function subscribersPage(c: Context<ConsoleEnv>, db: Db) {
  const filters: Filters = {};
  for (const f of FILTERS) {
    const v = c.req.query(f)?.trim();
    if (v) filters[f] = v;
  }
  const cursor = c.req.query('cursor');
  const q = new URLSearchParams({ ...filters, limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
  const api = c.get('api');
  const [{ data: personas }, cells] = await Promise.all([api.get<{ data: PersonaView[] }>('/personas'), subscriberCountCells(db)]);
  type Page = { data: SubscriberView[]; nextCursor: string | null };
  const list: ApiResult<Page> = knownEmpty(cells, filters, cursor)
    ? { ok: true, status: 200, data: { data: [], nextCursor: null } }
    : await api.call<Page>(`/subscribers?${q}`);
  const errors: FieldErrors = {};
  let problem: string | undefined;
  if (!list.ok) {
    const field = FILTERS.find((f) => list.error.field === f);
    if (field) errors[field] = list.error.message.replace(/^\w+: /, '');
    else problem = list.error.message;
  }
  const data = list.ok ? list.data.data : [];
  const next = list.ok && list.data.nextCursor ? `/admin/subscribers?${new URLSearchParams({ ...filters, cursor: list.data.nextCursor })}` : null;
  const label = (slug: string) => personas.find((p) => p.slug === slug)?.label ?? slug;
  const any = (l: string) => [{ value: '', label: l }];
  const notice = NOTICES[c.req.query('done') ?? ''];
  return sendConsolePage(
    c,
    <ConsoleLayout frame={c.get('frame')} title="Subscribers">
      <PageHead title="Subscribers">
        <a class="button" href="/admin/subscribers/new">
          Add subscriber
        </a>
        <a class="button secondary" href="/admin/subscribers/import">
          Import CSV
        </a>
        <a class="button secondary" href="/admin/subscribers/export">
          Export CSV
        </a>
      </PageHead>
      {notice ? <Notice>{notice}</Notice> : null}
      {problem ? <Notice kind="alert">{problem}</Notice> : null}
      <section class="card">
        <form method="get" action="/admin/subscribers" role="search" aria-label="Subscribers">
          <div class="form-grid">
            <Field name="email" label="Address" type="search" value={filters.email} errors={errors} attrs={{ placeholder: 'reader@example.com' }} />
            <Field name="status" label="Status" value={filters.status} errors={errors} options={[...any('Any status'), ...SUBSCRIBER_STATUSES.map((s) => ({ value: s, label: s }))]} />
            <Field name="persona" label="Persona" value={filters.persona} errors={errors} options={[...any('Any persona'), ...personas.map((p) => ({ value: p.slug, label: p.label }))]} />
            <Field name="language" label="Language" value={filters.language} errors={errors} options={[...any('Any language'), ...languageOptions]} />
          </div>
          <div class="row-actions">
            <button type="submit" class="small">
              Filter
            </button>
            <a href="/admin/subscribers">Clear</a>
          </div>
        </form>
        <Counts cells={cells} filters={filters} />
        {data.length === 0 ? (
          <Empty>
            {cells.length === 0 ? (
              <p>
                No subscribers yet. <a href="/admin/subscribers/new">Add one</a>, or <a href="/admin/subscribers/import">import a CSV</a> (Mailchimp, Substack and listmonk
                exports are understood). Readers also subscribe on the public page.
              </p>
            ) : (
              <p>Nobody matches these filters{cursor ? ' on this page' : ''}.</p>
            )}
          </Empty>
        ) : (
          <div class="table-wrap">
            <table class="data" id="subscribers">
              <caption>Subscribers in the order they joined</caption>
              <thead>
                <tr>
                  <th scope="col">Address</th>
                  <th scope="col">Name</th>
                  <th scope="col">Persona</th>
                  <th scope="col">Language</th>
                  <th scope="col">Status</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {data.map((s) => (
                  <tr>
                    <td><a href={`/admin/subscribers/${s.id}`}>{s.email}</a></td>
                    <td>{s.name ?? ''}</td>
                    <td>{label(s.persona)}</td>
                    <td>{s.language}</td>
                    <td>
                      <Badge kind={s.status}>{s.status}</Badge>
                    </td>
                    <td>
                      <Time iso={s.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label="Pages">
          {cursor ? <a href={`/admin/subscribers?${new URLSearchParams(filters)}`}>First page</a> : null}
          {next ? (
            <a href={next} rel="next">
              Next page
            </a>
          ) : null}
        </nav>
      </section>
    </ConsoleLayout>,
    list.ok ? 200 : 400,
  );
}
