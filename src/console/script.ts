/**
 * `GET /admin/console.js`: the console's one script, served as a file (the CSP allows scripts
 * from the app, nothing inline). Every page works without it; with it, times show in the
 * editor's zone, the time-zone field starts at the browser's, the preview follows the persona and
 * language chosen without a reload, the progress page follows the live stream, and a CSV upload
 * shows its progress. Plain ES2020, no dependencies; kept in a string so both runtimes serve it
 * without a file system.
 */
import { Hono } from 'hono';
import type { ConsoleEnv } from './guard.js';

/** The script's source. */
export const CONSOLE_SCRIPT = String.raw`'use strict';
(() => {
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const fmt = (n) => Number(n).toLocaleString('en-US');

  // Times: the server writes UTC; show them in the editor's zone.
  for (const t of $$('time[data-local]')) {
    const d = new Date(t.getAttribute('datetime'));
    if (!isNaN(d)) {
      t.title = t.textContent;
      t.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) + ' (' + zone + ')';
    }
  }

  // The send form's zone starts at the browser's, unless the editor picked one.
  // (A browser may name its zone by an alias the server's list spells otherwise: it is added.)
  for (const s of $$('select[data-browser-zone]')) {
    if (s.value !== 'UTC' || zone === 'UTC') continue;
    if (!Array.from(s.options).some((o) => o.value === zone)) s.add(new Option(zone, zone));
    s.value = zone;
  }

  // Preview: persona and language change the frame, no reload.
  for (const form of $$('form[data-preview]')) {
    const frame = document.getElementById(form.getAttribute('data-preview'));
    const update = () => {
      const q = new URLSearchParams(new FormData(form));
      frame.src = form.getAttribute('data-src') + '?' + q.toString();
    };
    form.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT') update(); });
    form.addEventListener('submit', (e) => { e.preventDefault(); update(); });
  }

  // Live progress from the server-sent events.
  const live = document.querySelector('[data-stream]');
  if (live && 'EventSource' in window) {
    const FINAL = ['sent', 'cancelled', 'failed', 'paused', 'draft'];
    const set = (name, text) => { for (const el of $$('[data-field="' + name + '"]', live)) el.textContent = text; };
    let first = null;
    const es = new EventSource(live.getAttribute('data-stream'));
    es.addEventListener('progress', (ev) => {
      const p = JSON.parse(ev.data);
      const done = p.sent + p.failed + p.skipped + p.uncertain;
      for (const k of ['total', 'queued', 'sent', 'failed', 'skipped', 'uncertain']) set(k, fmt(p[k]));
      set('done', fmt(done));
      set('percent', p.total ? Math.floor((100 * done) / p.total) + '%' : '0%');
      const meter = live.querySelector('[role=progressbar]');
      if (meter) {
        meter.setAttribute('aria-valuemax', String(p.total));
        meter.setAttribute('aria-valuenow', String(done));
        meter.setAttribute('aria-valuetext', fmt(done) + ' of ' + fmt(p.total) + ' done');
        for (const seg of $$('[data-segment]', meter)) seg.style.width = (p.total ? (100 * p[seg.getAttribute('data-segment')]) / p.total : 0) + '%';
      }
      const badge = live.querySelector('[data-field=status]');
      if (badge) { badge.textContent = p.status; badge.className = 'badge b-' + p.status; }
      const now = Date.now();
      if (!first) first = { now, done };
      else if (now - first.now > 1500 && done > first.done) {
        const rate = ((done - first.done) * 1000) / (now - first.now);
        set('rate', rate.toFixed(1));
        const eta = p.queued / rate;
        set('eta', p.queued ? (eta < 90 ? Math.ceil(eta) + ' s' : Math.ceil(eta / 60) + ' min') : '—');
      }
      if (FINAL.includes(p.status)) {
        es.close();
        set('eta', '—');
        for (const el of $$('[data-while-sending]')) el.hidden = true;
        for (const el of $$('[data-when-done]')) el.hidden = false;
        live.setAttribute('data-final', p.status);
      }
    });
  }

  // CSV import: show the upload's progress, then the report, in place.
  for (const form of $$('form[data-upload]')) {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const bar = form.querySelector('progress');
      const note = form.querySelector('[data-upload-status]');
      const button = form.querySelector('button[type=submit]');
      const xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', (ev) => {
        if (!ev.lengthComputable || !bar) return;
        bar.max = ev.total;
        bar.value = ev.loaded;
        if (note) note.textContent = 'Uploading… ' + Math.floor((100 * ev.loaded) / ev.total) + '%';
      });
      xhr.upload.addEventListener('load', () => { if (note) note.textContent = 'Uploaded; importing…'; });
      xhr.addEventListener('load', () => {
        const doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        const main = doc.getElementById('main');
        if (main) document.getElementById('main').replaceWith(main);
        const report = document.getElementById('import-report');
        if (report) report.focus();
      });
      xhr.addEventListener('error', () => { if (note) note.textContent = 'The upload failed; check the connection and try again.'; if (button) button.disabled = false; });
      if (button) button.disabled = true;
      if (bar) bar.hidden = false;
      xhr.send(new FormData(form));
    });
  }
})();
`;

/** `GET /admin/console.js`. */
export function scriptRoutes() {
  return new Hono<ConsoleEnv>().get('/console.js', (c) =>
    c.body(CONSOLE_SCRIPT, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      // Short: a new deploy's script reaches open consoles within minutes.
      'Cache-Control': 'public, max-age=300',
    }),
  );
}
