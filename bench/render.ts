/**
 * Render once per variant, personalise per subscriber — how much faster than rendering the
 * template for every subscriber? Both paths run side by side on the seed edition, in one process.
 * Goals: ≥ 100,000 personalised emails/s, and ≥ 1,000× the naive path.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { compileVariant, personalise, renderDirect } from '../src/render/compile.js';
import type { Recipient } from '../src/render/types.js';
import { reader, seedVariant } from '../tests/render/fixtures.js';

export const FAST_N = 100_000;
export const NAIVE_N = 300;
export const GOAL_RATE = 100_000;
export const GOAL_RATIO = 1_000;

/** Accumulates wall and process CPU time over the timed regions only. */
class Clock {
  wallS = 0;
  cpuS = 0;
  private t = 0;
  private cpu = process.cpuUsage();
  start(): void {
    this.cpu = process.cpuUsage();
    this.t = performance.now();
  }
  stop(): void {
    this.wallS += (performance.now() - this.t) / 1000;
    const d = process.cpuUsage(this.cpu);
    this.cpuS += (d.user + d.system) / 1e6;
  }
}

/** Built outside the timed region, in chunks so 100,000 readers never sit in memory at once. */
const CHUNK = 1_000;

function recipient(i: number): Recipient {
  const token = `${i.toString(36)}.${((i * 2654435761) >>> 0).toString(36)}`;
  return reader(token, {
    name: i % 7 === 0 ? null : i % 5 === 0 ? `Zoë "Z" O'Hara-${i}` : `Reader ${i}`,
    email: `reader${i}@example.com`,
  });
}

/** Prints both rates and their ratio; throws if the fast path disagrees with the slow one. */
export async function benchRender(): Promise<void> {
  const input = seedVariant();
  const t0 = performance.now();
  const compiled = await compileVariant(input);
  const compileMs = performance.now() - t0;

  // Warm both paths (JIT, React's lazy imports), and check they agree before timing them.
  for (let i = 0; i < 20; i++) {
    const r = recipient(FAST_N + i);
    const [a, b] = [personalise(compiled, r), await renderDirect(input, r)];
    if (a.html !== b.html || a.text !== b.text) throw new Error('personalise and renderDirect disagree');
  }
  for (let i = 0; i < 5_000; i++) personalise(compiled, recipient(i));

  // Fast path: 100,000 distinct readers. `length` is read so nothing is optimised away; V8 may
  // keep the joined string as a rope, so a second pass also forces it flat (what a JSON body does).
  const fast = new Clock();
  const flat = new Clock();
  let sink = 0;
  for (let start = 0; start < FAST_N; start += CHUNK) {
    const batch = Array.from({ length: CHUNK }, (_, k) => recipient(start + k));
    fast.start();
    for (const r of batch) {
      const out = personalise(compiled, r);
      sink += out.html.length + out.text.length;
    }
    fast.stop();
    flat.start();
    for (const r of batch) {
      const out = personalise(compiled, r);
      sink += out.html.charCodeAt(out.html.length >> 1) + out.text.charCodeAt(out.text.length >> 1);
    }
    flat.stop();
  }

  // Naive path: the template rendered with each reader's values.
  const naive = new Clock();
  for (let i = 0; i < NAIVE_N; i++) {
    const r = recipient(i);
    naive.start();
    const out = await renderDirect(input, r);
    naive.stop();
    sink += out.html.length + out.text.length;
  }

  const sample = personalise(compiled, recipient(1));
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  const goal = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const [fastWall, fastCpu] = [FAST_N / fast.wallS, FAST_N / fast.cpuS];
  const [flatWall, flatCpu] = [FAST_N / flat.wallS, FAST_N / flat.cpuS];
  const [naiveWall, naiveCpu] = [NAIVE_N / naive.wallS, NAIVE_N / naive.cpuS];
  const ratio = fastWall / naiveWall;
  console.log(
    `render: seed edition #0058, HTML ${(Buffer.byteLength(sample.html) / 1024).toFixed(1)} KB, text ${(Buffer.byteLength(sample.text) / 1024).toFixed(1)} KB`,
  );
  console.log(`  compile      ${compileMs.toFixed(1)} ms, once per variant (one React render + text conversion)`);
  console.log(
    `  personalise  ${fmt(fastWall)} emails/s over ${fmt(FAST_N)} distinct readers (goal ≥ ${fmt(GOAL_RATE)}: ${goal(fastWall >= GOAL_RATE)}); ${fmt(fastCpu)}/s of CPU time`,
  );
  console.log(
    `               ${fmt(flatWall)} emails/s with each result flattened to one string; ${fmt(flatCpu)}/s of CPU time`,
  );
  console.log(
    `  renderDirect ${fmt(naiveWall)} emails/s over ${fmt(NAIVE_N)} readers (${((naive.wallS * 1000) / NAIVE_N).toFixed(2)} ms each); ${fmt(naiveCpu)}/s of CPU time`,
  );
  console.log(
    `  ratio        ${fmt(ratio)}× (goal ≥ ${fmt(GOAL_RATIO)}×: ${goal(ratio >= GOAL_RATIO)}); flattened ${fmt(flatWall / naiveWall)}×; CPU time ${fmt(fastCpu / naiveCpu)}×`,
  );
  // Wall time counts the moments other processes hold the cores; CPU time does not.
  console.log(`  load         ${loadavg()[0].toFixed(2)} (1-min average) on ${availableParallelism()} cores`);
  if (sink === 0) console.log('  (unreachable: keeps results observable)');
}
