/** @jsxImportSource hono/jsx */
/**
 * `GET /admin/editions/:id/progress`: where a send stands — sent, failed, skipped, uncertain, the
 * rate and the time left — with cancel while it runs, and what an uncertain batch means. Without
 * the script it is a page with the current numbers and a refresh link; with it, the bar follows
 * `GET …/progress/stream`, the API's own event stream passed through under the session (a
 * browser's EventSource cannot send the bearer token, and must never have it).
 */
import { Hono } from 'hono';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, PostForm, sendConsolePage } from '../layout.js';
import { formatNumber, Meter, Notice, Time, type ProgressCounts } from '../ui.js';
import { EditionHead, EditionTabs, loadEdition, type EditionView } from './common.js';
import { problemPage } from '../problem.js';

const RUNNING = new Set(['scheduled', 'sending']);

/** Emails per second so far and the time left at that pace, from the send's start. */
function pace(edition: EditionView, p: ProgressCounts, now: number): { rate: string; eta: string } {
  const done = p.sent + p.failed + p.skipped + p.uncertain;
  const start = edition.sendStartedAt ? Date.parse(edition.sendStartedAt) : NaN;
  const end = edition.status === 'sending' ? now : edition.sentAt ? Date.parse(edition.sentAt) : NaN;
  const seconds = (end - start) / 1000;
  if (!(seconds > 0) || done === 0) return { rate: '—', eta: '—' };
  const rate = done / seconds;
  const left = p.queued / rate;
  const eta = edition.status !== 'sending' || !p.queued ? '—' : left < 90 ? `${Math.ceil(left)} s` : `${Math.ceil(left / 60)} min`;
  return { rate: rate.toFixed(1), eta };
}

function Figure({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd id={`count-${name}`} data-field={name}>
        {value}
      </dd>
    </div>
  );
}

/** The progress page, its event stream and cancel, mounted under `/admin/editions`. */
export function progressRoutes({ now }: { now: () => Date }) {
  return new Hono<ConsoleEnv>()
    .get('/:id{[0-9]+}/progress', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const p = await c.get('api').get<ProgressCounts>(`/editions/${edition.id}/progress`);
      const { rate, eta } = pace(edition, p, now().getTime());
      const done = p.sent + p.failed + p.skipped + p.uncertain;
      const frame = c.get('frame');
      const running = RUNNING.has(p.status);
      return sendConsolePage(
        c,
        <ConsoleLayout frame={frame} title={`Progress · #${edition.number}`}>
          <EditionHead edition={edition} page="Progress" />
          <EditionTabs edition={edition} current="/progress" />
          {edition.statusReason && p.status !== 'sent' ? <Notice kind="alert">Stopped: {edition.statusReason}. When it is fixed, send again: the send resumes where it stopped and nobody gets it twice.</Notice> : null}
          <section class="card" data-stream={`/admin/editions/${edition.id}/progress/stream`} aria-labelledby="progress-title">
            <h2 id="progress-title">
              Status: <span data-field="status" class={`badge b-${p.status}`}>{p.status}</span>
            </h2>
            {p.status === 'draft' && p.total === 0 ? (
              <p>
                This edition has not been sent yet. <a href={`/admin/editions/${edition.id}/send`}>Send it</a> or send a test first.
              </p>
            ) : null}
            {p.status === 'scheduled' ? (
              <p>
                Scheduled for <Time iso={edition.scheduledAt} />. The scheduler starts it then.
              </p>
            ) : null}
            {p.total > 0 ? (
              <>
                <Meter p={p} />
                <ul class="legend">
                  <li>
                    <i class="m-sent"></i>sent
                  </li>
                  <li>
                    <i class="m-failed"></i>failed
                  </li>
                  <li>
                    <i class="m-skipped"></i>skipped (unsubscribed meanwhile)
                  </li>
                  <li>
                    <i class="m-uncertain"></i>uncertain
                  </li>
                </ul>
                <dl class="figures">
                  <Figure name="done" label={`Done of ${formatNumber(p.total)}`} value={formatNumber(done)} />
                  <Figure name="sent" label="Sent" value={formatNumber(p.sent)} />
                  <Figure name="failed" label="Failed" value={formatNumber(p.failed)} />
                  <Figure name="skipped" label="Skipped" value={formatNumber(p.skipped)} />
                  <Figure name="uncertain" label="Uncertain" value={formatNumber(p.uncertain)} />
                  <Figure name="queued" label="Queued" value={formatNumber(p.queued)} />
                  <Figure name="rate" label="Emails a second" value={rate} />
                  <Figure name="eta" label="Time left" value={eta} />
                </dl>
              </>
            ) : null}
            {p.uncertain > 0 ? (
              <div id="uncertain">
                <h3>Uncertain: {formatNumber(p.uncertain)}</h3>
                <p>
                  These emails may or may not have gone out. The provider’s answer to their batch was lost, and by now the batch cannot be sent again safely: Resend
                  remembers a batch for 24 hours only, so a retry could reach those readers twice. The service never resends them by itself.
                </p>
                <p>
                  What you can do: look the recipients up in Resend’s dashboard (Emails, filtered by this edition’s subject and time). Those it shows were delivered;
                  for the rest, send them a test copy or leave it. Nothing else needs doing: the rest of the send is not affected.
                </p>
              </div>
            ) : null}
            <div class="row-actions">
              {running ? (
                <PostForm frame={frame} action={`/admin/editions/${edition.id}/cancel`} class="inline">
                  <button type="submit" class="danger" data-while-sending="">
                    Cancel the send
                  </button>
                </PostForm>
              ) : null}
              <a href={`/admin/editions/${edition.id}/stats`} data-when-done="" hidden={running}>
                See the stats
              </a>
              <a href={`/admin/editions/${edition.id}/progress`}>Refresh</a>
            </div>
          </section>
        </ConsoleLayout>,
      );
    })
    .get('/:id{[0-9]+}/progress/stream', async (c) => {
      const res = await c.get('api').raw(`/editions/${encodeURIComponent(c.req.param('id'))}/progress`, { headers: { accept: 'text/event-stream' } });
      if (!res.ok || !res.body) return c.body(null, res.status === 404 ? 404 : 502);
      return new Response(res.body, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-store', 'X-Accel-Buffering': 'no' } });
    })
    .post('/:id{[0-9]+}/cancel', async (c) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const r = await c.get('api').call(`/editions/${edition.id}/cancel`, { method: 'POST' });
      if (!r.ok) return problemPage(c, c.get('frame').publication, 409, 'Not cancelled', r.error.message);
      return c.redirect(`/admin/editions/${edition.id}/progress`, 303);
    });
}

