/** @jsxImportSource hono/jsx */
/**
 * What the pages about one edition share: loading it through the API (a missing one is a 404
 * page), its tabs, and its status badge.
 */
import type { Context } from 'hono';
import type { Edition } from '../../db/schema.js';
import type { TldrCostSummary } from '../../tldr/store.js';
import type { ConsoleEnv } from '../guard.js';
import { problemPage } from '../problem.js';
import { Badge } from '../ui.js';

/** An edition as `GET /api/admin/editions/:id` answers. */
export type EditionView = Edition & { tldrCost: TldrCostSummary };
/** The context of a console route about one edition (`:id`). */
export type EditionCtx = Context<ConsoleEnv>;

/** The edition the route names, or the page that says it does not exist. */
export async function loadEdition(c: EditionCtx): Promise<EditionView | Response> {
  const id = c.req.param('id') ?? '';
  const r = await c.get('api').call<EditionView>(`/editions/${encodeURIComponent(id)}`);
  if (r.ok) return r.data;
  if (r.error.status === 404) return problemPage(c, c.get('frame').publication, 404, 'No such edition', `There is no edition ${id}.`);
  throw new Error(`the API refused the edition: ${r.error.message}`);
}

const TABS = [
  ['', 'Edit'],
  ['/tldrs', 'TL;DRs'],
  ['/compare', 'Side by side'],
  ['/test', 'Test send'],
  ['/send', 'Send'],
  ['/progress', 'Progress'],
  ['/stats', 'Stats'],
] as const;

/** The edition's pages, the current one marked. */
export function EditionTabs({ edition, current }: { edition: Pick<Edition, 'id'>; current: (typeof TABS)[number][0] }) {
  return (
    <nav class="tabs" aria-label="This edition">
      <ul>
        {TABS.map(([suffix, label]) => (
          <li>
            <a href={`/admin/editions/${edition.id}${suffix}`} aria-current={suffix === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** An edition's status as a badge. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge kind={status}>{status}</Badge>;
}

/** The heading of an edition's pages: number, title, status. */
export function EditionHead({ edition, page }: { edition: Pick<Edition, 'number' | 'title' | 'status'>; page: string }) {
  return (
    <div class="page-head">
      <div>
        <p class="kicker">
          Edition #{edition.number} · <StatusBadge status={edition.status} />
        </p>
        <h1>{page}</h1>
        <p class="muted">{edition.title}</p>
      </div>
    </div>
  );
}
