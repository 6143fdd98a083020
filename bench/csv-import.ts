/**
 * CSV import benchmark: generates a 100,000-row CSV in a temp folder and imports it through the
 * real route (`POST /api/admin/subscribers/import`, streamed body) into a fresh SQLite file.
 * Prints the import time, rows/s and peak memory. Goal: 100k rows in under 5 s on one core.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { ImportReport } from '../src/subscribers/csv-import.js';
import { makeTestApp, type TestApp } from '../tests/helpers/app.js';

export const ROWS = 100_000;
export const GOAL_MS = 5_000;

const PERSONAS = ['everyday', 'executive', 'engineer', 'investor', ''];
const LANGUAGES = ['en', 'es', 'pt-BR', 'fr', ''];
const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Facundo', 'Gabriela', 'Hugo', 'Inés', 'Julián'];
const LAST = ['García', 'Fernández', 'López', 'Martínez', 'O\'Brien', 'Smith', 'Müller', 'Rossi', 'Silva', 'Chen'];

/** Writes `rows` subscribers as a plain `email,name,persona,language` CSV. */
export async function generateCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('email,name,persona,language\r\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    // Every 13th name needs quoting (a comma), as real exports do.
    const name = i % 13 === 0 ? `"${last}, ${first}"` : `${first} ${last}`;
    buf += `${first.normalize('NFKD').replace(/[^a-zA-Z]/g, '').toLowerCase()}.${i}@example${i % 50}.com,${name},${PERSONAS[i % PERSONAS.length]},${LANGUAGES[i % LANGUAGES.length]}\r\n`;
    if (buf.length > 64 * 1024) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  out.end();
  await once(out, 'finish');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One import of the file through the route, streamed; wall and CPU time of the request. */
async function timedImport(t: TestApp, csvPath: string, size: number) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const res = await t.admin('/subscribers/import', {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(csvPath)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  const report = (await res.json()) as ImportReport;
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(report)}`);
  return { report, ms, cpuMs: (cpu.user + cpu.system) / 1000, cpu };
}

export async function benchCsvImport(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-bench-csv-'));
  const csvPath = join(dir, 'subscribers.csv');
  // The real app on a fresh temp SQLite file, as the tests build it (default personas, no subscribers).
  const t = await makeTestApp();
  try {
    await generateCsv(csvPath, ROWS);
    const size = statSync(csvPath).size;

    // The event loop is busy during the import, so sampling can miss short peaks: the process
    // high-water mark (resourceUsage().maxRSS) is reported beside the sampled peak.
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sample = () => {
      const rss = process.memoryUsage().rss;
      if (rss > rssPeak) rssPeak = rss;
    };
    const sampler = setInterval(sample, 5);
    const first = await timedImport(t, csvPath, size);
    sample();
    clearInterval(sampler);
    const maxRss = process.resourceUsage().maxRSS * 1024;

    const stored = (await t.deps.db.get<{ n: number }>(sql`select count(*) as n from subscribers`)).n;
    if (first.report.imported !== ROWS || stored !== ROWS) {
      throw new Error(`expected ${ROWS} imported rows, got imported=${first.report.imported} stored=${stored} failed=${first.report.failed}`);
    }
    // The same file again: nothing may change.
    const second = await timedImport(t, csvPath, size);
    if (second.report.imported !== 0 || second.report.unchanged !== ROWS) {
      throw new Error(`the second import changed something: ${JSON.stringify({ ...second.report, errors: second.report.errors.length })}`);
    }

    const { ms, cpu, cpuMs, report } = first;
    console.log(`csv-import: ${ROWS.toLocaleString('en')} rows (${mb(size)} CSV) streamed to POST /api/admin/subscribers/import, fresh SQLite file`);
    console.log(`  time      ${secs(ms)}  (goal < ${GOAL_MS / 1000} s: ${ms < GOAL_MS ? 'met' : 'MISSED'})`);
    console.log(`  rate      ${Math.round((ROWS / ms) * 1000).toLocaleString('en')} rows/s`);
    console.log(`  cpu       ${secs(cpuMs)} (user ${secs(cpu.user / 1000)}, system ${secs(cpu.system / 1000)}; wall time grows when other processes share the cores)`);
    console.log(`  memory    RSS ${mb(rssBefore)} before, sampled peak ${mb(rssPeak)} (+${mb(rssPeak - rssBefore)}), process high-water ${mb(maxRss)}`);
    console.log(`  report    imported=${report.imported} unchanged=${report.unchanged} failed=${report.failed}`);
    console.log(`  again     ${secs(second.ms)} (${Math.round((ROWS / second.ms) * 1000).toLocaleString('en')} rows/s): imported=0 unchanged=${second.report.unchanged}`);
  } finally {
    t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
