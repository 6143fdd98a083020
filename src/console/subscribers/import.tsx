/** @jsxImportSource hono/jsx */
/**
 * `GET/POST /admin/subscribers/import`: a CSV file in (Mailchimp, Substack, listmonk or plain
 * `email,name,persona,language`), the API's report out — how many rows, imported, unchanged,
 * failed, and each bad row with its line and reason. With the script the upload shows its
 * progress and the report replaces the form's page in place. `GET /admin/subscribers/export`
 * passes the API's CSV through.
 */
import { Hono } from 'hono';
import type { ImportReport } from '../../subscribers/csv-import.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, sendConsolePage, type Frame } from '../layout.js';
import { formatNumber, Notice } from '../ui.js';


/** Bad rows shown on the page; the rest are counted (a 100,000-row file may have many). */
const SHOWN_ERRORS = 500;

function Report({ report }: { report: ImportReport }) {
  return (
    <section class="card" id="import-report" tabindex={-1} aria-labelledby="report-title">
      <h2 id="report-title">Import report</h2>
      <p class="lede">
        {formatNumber(report.rows)} rows: {formatNumber(report.imported)} imported, {formatNumber(report.unchanged)} unchanged (already here), {formatNumber(report.failed)}{' '}
        failed.
      </p>
      {Object.keys(report.failedByReason).length ? (
        <p>
          Failed, by reason:{' '}
          {Object.entries(report.failedByReason)
            .map(([reason, n]) => `${reason.replace(/_/g, ' ')} ${formatNumber(n ?? 0)}`)
            .join(' · ')}
          .
        </p>
      ) : null}
      {report.errors.length ? (
        <div class="table-wrap">
          <table class="data">
            <caption>Rows not imported{report.failed > Math.min(report.errors.length, SHOWN_ERRORS) ? ` (the first ${Math.min(report.errors.length, SHOWN_ERRORS)})` : ''}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">Line</th>
                <th scope="col">Address</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.slice(0, SHOWN_ERRORS).map((e) => (
                <tr>
                  <td class="num">{e.line}</td>
                  <td>{e.email ?? ''}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <a href="/admin/subscribers">See the subscribers</a>
      </p>
    </section>
  );
}

function ImportPage({ frame, report, problem }: { frame: Frame; report?: ImportReport; problem?: string }) {
  return (
    <ConsoleLayout frame={frame} title="Import subscribers">
      <h1>Import subscribers</h1>
      {problem ? <Notice kind="alert">{problem}</Notice> : null}
      {report ? <Report report={report} /> : null}
      <section class="card upload">
        <form method="post" action={`/admin/subscribers/import?_csrf=${frame.token ? frame.token('/admin/subscribers/import') : ''}`} enctype="multipart/form-data" data-upload="">
          <div class="field">
            <label for="file">CSV file</label>
            <span class="hint" id="file-hint">
              Exports from Mailchimp, Substack or listmonk, or a file with the columns email, name, persona, language. Existing addresses are left as they are;
              suppressed ones are never added again. Up to 64 MB.
            </span>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="file-hint" />
          </div>
          <progress hidden max={1} value={0} aria-label="Upload"></progress>
          <p class="meta" data-upload-status="" role="status"></p>
          <div class="actions">
            <button type="submit">Import</button>
          </div>
        </form>
      </section>
    </ConsoleLayout>
  );
}

/** `GET/POST /admin/subscribers/import` and `GET /admin/subscribers/export`. */
export function importRoutes() {
  return new Hono<ConsoleEnv>()
    .get('/import', (c) => sendConsolePage(c, <ImportPage frame={c.get('frame')} />))
    .post('/import', async (c) => {
      // The browser's multipart body goes to the API as it arrives: the API reads the "file" part
      // while it uploads (and skips the rest), so a 64 MB list is never held whole here.
      const r = await c.get('api').call<ImportReport>('/subscribers/import', {
        method: 'POST',
        // Its declared length too: the API refuses an oversize upload before reading it.
        headers: { 'content-type': c.req.header('content-type') ?? '', ...(c.req.header('content-length') ? { 'content-length': c.req.header('content-length')! } : {}) },
        body: c.req.raw.body ?? undefined,
      });
      if (!r.ok) return sendConsolePage(c, <ImportPage frame={c.get('frame')} problem={r.error.message} />, r.error.status === 413 ? 413 : 400);
      return sendConsolePage(c, <ImportPage frame={c.get('frame')} report={r.data} />);
    })
    .get('/export', async (c) => {
      const res = await c.get('api').raw('/subscribers/export', { headers: { accept: 'text/csv' } });
      const headers = new Headers({ 'Content-Type': res.headers.get('content-type') ?? 'text/csv; charset=utf-8', 'Cache-Control': 'no-store' });
      const disposition = res.headers.get('content-disposition');
      if (disposition) headers.set('Content-Disposition', disposition);
      return new Response(res.body, { status: res.status, headers });
    });
}
