/** @jsxImportSource hono/jsx */
/**
 * `GET /admin/editions/:id/stats`: the API's numbers per persona — sent, delivered, opened,
 * clicked, bounced, complained, unsubscribed — as a bar chart (an SVG with a title and a text
 * description) and as the table it is drawn from.
 */
import type { Context } from 'hono';
import type { EditionStats, StatCounts } from '../../stats/edition-stats.js';
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

/** Grouped horizontal bars: one group per persona, one bar per metric, scaled to the most sent. */
function Chart({ rows }: { rows: Row[] }) {
  const bar = 14;
  const group = METRICS.length * (bar + 3) + 26;
  const left = 120;
  const width = 640;
  const max = Math.max(1, ...rows.flatMap((r) => METRICS.map((m) => r[m.key])));
  const scale = (n: number) => ((width - left - 70) * n) / max;
  const summary = rows.map((r) => `${r.label}: ${METRICS.map((m) => `${formatNumber(r[m.key])} ${m.label.toLowerCase()}`).join(', ')}`).join('. ');
  return (
    <svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox={`0 0 ${width} ${rows.length * group + 10}`} width={width}>
      <title id="chart-title">Each persona’s readers: sent, delivered, opened, clicked, bounced, complained, unsubscribed</title>
      <desc id="chart-desc">{summary}</desc>
      {rows.map((r, i) => {
        const y0 = i * group + 10;
        return (
          <g>
            <text x={0} y={y0 + 12} font-weight="700">
              {r.label}
            </text>
            {METRICS.map((m, j) => {
              const y = y0 + 20 + j * (bar + 3);
              return (
                <g>
                  <text x={0} y={y + bar - 3}>
                    {m.label}
                  </text>
                  <rect x={left} y={y} width={Math.max(1, scale(r[m.key]))} height={bar} fill={m.fill} rx={2} />
                  <text x={left + scale(r[m.key]) + 6} y={y + bar - 3}>
                    {formatNumber(r[m.key])}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

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
            <Chart rows={stats.personas} />
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
          </>
        )}
      </section>
    </ConsoleLayout>,
  );
}
