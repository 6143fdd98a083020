/**
 * Memory of a large CSV import uploaded as a browser does (multipart/form-data), in the service
 * as `npm start` runs it (the bundle): a 5 MB and a 51 MB file, each into a fresh process and
 * database, side by side. Peak RSS is the kernel's high-water mark (VmHWM) of the service process.
 * Goal: memory flat in file size — with the old generation capped at 128 MB (where the buffered
 * import used to crash), the 51 MB import's growth ≤ 1.5 × the 5 MB one's. With V8's defaults (a
 * heap limit of gigabytes) the heap is collected lazily and grows further; printed beside it.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ImportReport } from '../src/subscribers/csv-import.js';
import { startServer } from '../tests/helpers/server.js';
import { generateCsv } from './csv-import.js';

const ROOT = resolve(import.meta.dirname, '..');
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** One upload into a fresh service: its peak RSS before and after, and the wall time. */
async function measure(dir: string, csv: string, nodeOptions: string) {
  const db = mkdtempSync(join(dir, 'db-'));
  const server = await startServer({ DATABASE_PATH: join(db, 'newsletter.db'), ADMIN_TOKEN, NODE_OPTIONS: nodeOptions }, undefined, 'bundle');
  try {
    const before = peakRss(server.child.pid!);
    const form = new FormData();
    form.set('file', await openAsBlob(csv, { type: 'text/csv' }), 'list.csv');
    const started = performance.now();
    const res = await fetch(`${server.url}/api/admin/subscribers/import`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: form });
    const report = (await res.json()) as ImportReport;
    if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(report)}`);
    return { before, after: peakRss(server.child.pid!), ms: performance.now() - started, report };
  } finally {
    await server.stop();
  }
}

export async function benchImportMemory(): Promise<void> {
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'pp-bench-import-'));
  try {
    // ~51 bytes a row: 102,000 rows ≈ 5 MB, 1,042,000 ≈ 51 MB.
    const files = [
      { name: '5 MB', path: join(dir, 'small.csv'), rows: 102_000 },
      { name: '51 MB', path: join(dir, 'large.csv'), rows: 1_042_000 },
    ];
    for (const f of files) await generateCsv(f.path, f.rows);
    console.log('import-memory: a CSV uploaded as multipart/form-data to POST /api/admin/subscribers/import, fresh service each (the bundle)');
    for (const [label, options] of [['V8 defaults', ''], ['old generation capped at 128 MB', '--max-old-space-size=128']] as const) {
      const growth: number[] = [];
      for (const f of files) {
        const r = await measure(dir, f.path, options);
        growth.push(r.after - r.before);
        console.log(
          `  ${label.padEnd(32)} ${f.name.padStart(5)} (${mb(statSync(f.path).size)}, ${f.rows.toLocaleString('en')} rows): peak RSS ${mb(r.before)} → ${mb(r.after)} (+${mb(r.after - r.before)}), ${(r.ms / 1000).toFixed(1)} s, imported ${r.report.imported.toLocaleString('en')}`,
        );
      }
      const ratio = growth[1] / growth[0];
      const goal = options ? ` (goal ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'MISSED'})` : ' (for information: collected lazily)';
      console.log(`  ${label.padEnd(32)} growth ratio 51 MB ÷ 5 MB: ${ratio.toFixed(2)}${goal}; the file is 10 × larger`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
