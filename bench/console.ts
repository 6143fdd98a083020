/**
 * The editors' console with a big list: 1,000,000 subscribers and an edition already sent to
 * every active one (with its provider events). The service runs as `npm start` runs it (the
 * bundle), the bench signs in through the form like a browser, then asks each console page
 * BENCH_CONSOLE_RUNS times, one at a time, and prints p50 / p95 per page against the goal
 * (p95 < 100 ms). Beside each page, the admin API call it is built on, timed the same way: the
 * ratio is what the console adds (rendering, the in-process call).
 * Knobs: BENCH_CONSOLE_N (subscribers), BENCH_CONSOLE_RUNS.
 */
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer } from '../tests/helpers/server.js';
import { consoleDatabase, SENT_EDITION } from './console-db.js';

const ROOT = resolve(import.meta.dirname, '..');
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const GOAL_MS = 100;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function timed(runs: number, request: () => Promise<Response>): Promise<{ p50: number; p95: number; status: number }> {
  let status = 0;
  for (let i = 0; i < 3; i++) await (await request()).arrayBuffer(); // warm: prepared statements, JIT
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await request();
    await res.arrayBuffer();
    ms.push(performance.now() - t0);
    status = res.status;
  }
  ms.sort((a, b) => a - b);
  return { p50: pct(ms, 50), p95: pct(ms, 95), status };
}

/** `npm run bench -- console`: builds the database, starts the service, times every page. */
export async function benchConsole(): Promise<void> {
  const n = Number(process.env.BENCH_CONSOLE_N ?? 1_000_000);
  const runs = Number(process.env.BENCH_CONSOLE_RUNS ?? 40);
  console.log(`console: ${n.toLocaleString('en-US')} subscribers, ${runs} requests per page (after 3 to warm up), one at a time`);
  execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
  const t0 = performance.now();
  const { dir, path, sentTo } = await consoleDatabase(n);
  console.log(`  database built in ${((performance.now() - t0) / 1000).toFixed(0)} s; edition ${SENT_EDITION} was sent to ${sentTo.toLocaleString('en-US')} readers`);
  const server = await startServer(
    { DATABASE_PATH: path, BASE_URL: 'http://127.0.0.1', POSTAL_ADDRESS: '1 Bench St', ADMIN_TOKEN, TOKEN_SECRET: 'bench-token-secret-0123456789' },
    undefined,
    'bundle',
  );
  try {
    const signIn = await fetch(`${server.url}/admin/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
    });
    const cookie = /pp_console=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0];
    if (signIn.status !== 303 || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);
    const page = (p: string) => () => fetch(server.url + p, { headers: { cookie } });
    const api = (p: string) => () => fetch(`${server.url}/api/admin${p}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const last = `sub_${(n - 60).toString(36).padStart(9, '0')}${'0'.repeat(20)}`;
    const one = `sub_${Math.floor(n / 2).toString(36).padStart(9, '0')}${'0'.repeat(20)}`;
    const e = SENT_EDITION;
    const pages: [string, string, string | null][] = [
      ['editions', '/admin/editions', '/editions'],
      ['new edition', '/admin/editions/new', '/editions'],
      ['editor', '/admin/editions/1', '/editions/1'],
      ['preview frame', '/admin/editions/1/preview?as=engineer&lang=es', '/editions/1/preview?as=engineer&lang=es&format=html'],
      ['TL;DRs', '/admin/editions/1/tldrs', '/editions/1/tldrs'],
      ['side by side', '/admin/editions/1/compare', null],
      ['test send', '/admin/editions/1/test', null],
      ['send confirmation', '/admin/editions/1/send', null],
      ['progress (sent)', `/admin/editions/${e}/progress`, `/editions/${e}/progress`],
      ['stats (sent)', `/admin/editions/${e}/stats`, `/editions/${e}/stats`],
      ['subscribers', '/admin/subscribers', '/subscribers?limit=50'],
      ['… persona=engineer', '/admin/subscribers?persona=engineer', '/subscribers?persona=engineer&limit=50'],
      ['… pending, language=pt', '/admin/subscribers?status=pending&language=pt', '/subscribers?status=pending&language=pt&limit=50'],
      ['… 3 filters, none match', '/admin/subscribers?status=bounced&persona=engineer&language=de', '/subscribers?status=bounced&persona=engineer&language=de&limit=50'],
      ['… by address', `/admin/subscribers?email=reader${n - 1}%40example.com`, `/subscribers?email=reader${n - 1}%40example.com`],
      ['… last page', `/admin/subscribers?cursor=${last}`, `/subscribers?cursor=${last}&limit=50`],
      ['subscriber', `/admin/subscribers/${one}`, `/subscribers/${one}`],
      ['import', '/admin/subscribers/import', null],
      ['personas', '/admin/personas', '/personas'],
      ['delete persona (counts)', '/admin/personas/investor/delete', null],
      ['settings', '/admin/settings', null],
    ];
    console.log(`  ${'page'.padEnd(26)}${'p50'.padStart(11)}${'p95'.padStart(11)}   ${'API p95'.padStart(11)}  page ÷ API   goal p95 < ${GOAL_MS} ms`);
    let over = 0;
    for (const [name, path, apiPath] of pages) {
      const r = await timed(runs, page(path));
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
      const a = apiPath ? await timed(runs, api(apiPath)) : null;
      const ok = r.p95 < GOAL_MS;
      if (!ok) over++;
      const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(11);
      console.log(`  ${name.padEnd(26)}${ms(r.p50)}${ms(r.p95)}   ${a ? ms(a.p95) : '—'.padStart(11)}  ${a ? `${(r.p95 / a.p95).toFixed(1)} ×`.padStart(9) : ''.padStart(9)}   ${ok ? 'ok' : 'OVER'}`);
    }
    console.log(over ? `  ${over} page(s) over the goal (see above)` : '  every page within the goal');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
