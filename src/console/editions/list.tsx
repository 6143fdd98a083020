/** @jsxImportSource hono/jsx */
/**
 * `GET /admin/editions`: every edition with its number, title, status, scheduled time, and —
 * once a send has started — its progress and sent / failed counts (the API's progress, which sums
 * one row per batch, not one per reader).
 */
import type { Context } from 'hono';
import type { EditionSummary } from '../../editions/store.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, sendConsolePage } from '../layout.js';
import { Empty, formatNumber, Meter, Notice, PageHead, Time, type ProgressCounts } from '../ui.js';
import { StatusBadge } from './common.js';

const NOTICES: Record<string, string> = {
  deleted: 'The edition was deleted.',
  scheduled: 'The edition is scheduled.',
};

/** `GET /admin/editions`. */
export async function editionsPage(c: Context<ConsoleEnv>) {
  const api = c.get('api');
  const { data } = await api.get<{ data: EditionSummary[] }>('/editions');
  const progress = new Map<number, ProgressCounts>();
  await Promise.all(
    data
      .filter((e) => e.status !== 'draft')
      .map(async (e) => progress.set(e.id, await api.get<ProgressCounts>(`/editions/${e.id}/progress`))),
  );
  const notice = NOTICES[c.req.query('done') ?? ''];
  return sendConsolePage(
    c,
    <ConsoleLayout frame={c.get('frame')} title="Editions">
      <PageHead title="Editions">
        <a class="button" href="/admin/editions/new">
          New edition
        </a>
      </PageHead>
      {notice ? <Notice>{notice}</Notice> : null}
      <section class="card">
        {data.length === 0 ? (
          <Empty>
            <p>No editions yet. Write the first one: the front matter as a form, the body in Markdown.</p>
            <a class="button" href="/admin/editions/new">
              New edition
            </a>
          </Empty>
        ) : (
          <div class="table-wrap">
            <table class="data">
              <caption>Every edition, newest first</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">№</th>
                  <th scope="col">Title</th>
                  <th scope="col">Status</th>
                  <th scope="col">Scheduled</th>
                  <th scope="col">Progress</th>
                  <th scope="col" class="num">Sent</th>
                  <th scope="col" class="num">Failed</th>
                </tr>
              </thead>
              <tbody>
                {data.map((e) => {
                  const p = progress.get(e.id);
                  return (
                    <tr>
                      <td class="num">{e.number}</td>
                      <td>
                        <a href={`/admin/editions/${e.id}`}>{e.title}</a>
                      </td>
                      <td>
                        <StatusBadge status={e.status} />
                      </td>
                      <td>{e.status === 'scheduled' ? <Time iso={e.scheduledAt} /> : <span class="muted">—</span>}</td>
                      <td>
                        {p && p.total > 0 ? (
                          <a href={`/admin/editions/${e.id}/progress`} aria-label={`Progress of edition ${e.number}`}>
                            <Meter p={p} />
                          </a>
                        ) : (
                          <span class="muted">—</span>
                        )}
                      </td>
                      <td class="num">{p ? formatNumber(p.sent) : '—'}</td>
                      <td class="num">{p ? formatNumber(p.failed) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </ConsoleLayout>,
  );
}
