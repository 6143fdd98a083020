/** @jsxImportSource hono/jsx */
/**
 * `GET /admin/editions/:id/stats`: the API's numbers per persona — sent, delivered, opened,
 * clicked, bounced, complained, unsubscribed — as small bar charts (SVGs with a title and a text
 * description) and as the table they are drawn from.
 */
import type { Context } from 'hono';
import type { EditionStats, StatCounts } from '../../stats/edition-stats.js';
import { LANGUAGES } from '../../subscribers/languages.js';
import { isLanguageCode } from '../forms.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, sendConsolePage } from '../layout.js';
import { Empty, formatNumber } from '../ui.js';
import { EditionHead, EditionTabs, loadEdition } from './common.js';

const METRICS: { key: keyof StatCounts; label: string; fill: string }[] = [
  { key: 'sent', label: 'Sent', fill: '#6b6358' },
  { key: 'delivered', label: 'Delivered', fill: '#2f7d4f' },
  { key: 'opened', label: 'Opened', fill: '#1f4d7a' },
  { key: 'clicked', label: 'Clicked', fill: '#6a3d9a' },
  { key: 'bounced', label: 'Bounced', fill: '#8f2419' },
  { key: 'complained', label: 'Complained', fill: '#c98a1b' },
  { key: 'unsubscribed', label: 'Unsubscribed', fill: '#8a8172' },
];

type Row = EditionStats['personas'][number];

/**
 * One small chart per outcome: each persona's share of the readers it was sent to, so personas
 * compare at a glance whatever their size. Bars scale to the largest share in that chart; the
 * title and description carry the same numbers for assistive technology.
 */
function Chart({ rows, metric }: { rows: Row[]; metric: (typeof METRICS)[number] }) {
  const share = (r: Row) => (r.sent ? r[metric.key] / r.sent : 0);
  const pct = (r: Row) => `${(100 * share(r)).toFixed(share(r) < 0.1 && share(r) > 0 ? 1 : 0)}%`;
  const max = Math.max(...rows.map(share), 0.0001);
  const line = 26;
  const left = 110;
  const width = 300;
  const id = `chart-${metric.key}`;
  return (
    <figure>
      <figcaption id={`${id}-title`}>{metric.label}</figcaption>
      <svg class="chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${rows.length * line + 4}`}>
        <desc id={`${id}-desc`}>{rows.map((r) => `${r.label}: ${pct(r)} of ${formatNumber(r.sent)} sent (${formatNumber(r[metric.key])})`).join('; ')}</desc>
        {rows.map((r, i) => {
          const y = i * line + 4;
          const w = ((width - left - 60) * share(r)) / max;
          return (
            <g>
              <text x={0} y={y + 14}>
                {r.label.length > 15 ? `${r.label.slice(0, 14)}…` : r.label}
              </text>
              <rect x={left} y={y + 2} width={Math.max(1, w)} height={16} fill={metric.fill} rx={2} />
              <text x={left + w + 6} y={y + 14}>
                {pct(r)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function LanguageTable({ rows }: { rows: EditionStats['languages'] }) {
  return (
    <div class="table-wrap">
      <table class="data" id="stats-languages">
        <caption>Per language</caption>
        <thead>
          <tr>
            <th scope="col">Language</th>
            {METRICS.map((m) => (
              <th scope="col" class="num">
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{isLanguageCode(r.language) ? `${LANGUAGES[r.language]} (${r.language})` : r.language}</th>
              {METRICS.map((m) => (
                <td class="num">{formatNumber(r[m.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The links readers clicked, most first (the first 20). */
function LinkTable({ links }: { links: EditionStats['links'] }) {
  return (
    <div class="table-wrap">
      <table class="data" id="stats-links">
        <caption>Links readers clicked</caption>
        <thead>
          <tr>
            <th scope="col">Link</th>
            <th scope="col" class="num">Readers</th>
          </tr>
        </thead>
        <tbody>
          {links.slice(0, 20).map((l) => (
            <tr>
              <td class="url">{l.url}</td>
              <td class="num">{formatNumber(l.clicked)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `GET /admin/editions/:id/stats`. */
export async function statsPage(c: Context<ConsoleEnv>) {
  const edition = await loadEdition(c);
  if (edition instanceof Response) return edition;
  const stats = await c.get('api').get<EditionStats>(`/editions/${edition.id}/stats`);
  const rate = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '—');
  return sendConsolePage(
    c,
    <ConsoleLayout frame={c.get('frame')} title={`Stats · #${edition.number}`}>
      <EditionHead edition={edition} page="Stats" />
      <EditionTabs edition={edition} current="/stats" />
      <section class="card">
        {stats.total.sent === 0 && stats.personas.length === 0 ? (
          <Empty>
            <p>No numbers yet: they come once the edition is sent, and grow as Resend reports deliveries, opens and clicks.</p>
          </Empty>
        ) : (
          <>
            <p class="meta">
              Opened {rate(stats.total.opened, stats.total.delivered)} of delivered · clicked {rate(stats.total.clicked, stats.total.delivered)} · “Sent” means the
              provider accepted it; “delivered” that the receiving server did.
            </p>
            <div class="charts">
              {METRICS.filter((m) => m.key !== 'sent').map((m) => (
                <Chart rows={stats.personas} metric={m} />
              ))}
            </div>
            <div class="table-wrap">
              <table class="data" id="stats-table">
                <caption>Per persona (distinct readers)</caption>
                <thead>
                  <tr>
                    <th scope="col">Persona</th>
                    {METRICS.map((m) => (
                      <th scope="col" class="num">
                        {m.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {stats.personas.map((r) => (
                    <tr>
                      <th scope="row">{r.label}</th>
                      {METRICS.map((m) => (
                        <td class="num">{formatNumber(r[m.key])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td>Total</td>
                    {METRICS.map((m) => (
                      <td class="num">{formatNumber(stats.total[m.key])}</td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
            {stats.languages.length > 1 ? <LanguageTable rows={stats.languages} /> : null}
            {stats.links.length ? <LinkTable links={stats.links} /> : null}
          </>
        )}
      </section>
    </ConsoleLayout>,
  );
}
