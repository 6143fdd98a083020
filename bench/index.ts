/**
 * Runs the benchmarks: `npm run bench` runs every one whose module exists in bench/;
 * `npm run bench -- csv render` runs the ones whose name starts with an argument.
 * Adding a benchmark is one line in BENCHES: bench/<file>.ts exporting `bench<Name>()`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Bench {
  /** What to type after `npm run bench --` (a prefix is enough). */
  name: string;
  /** The module in bench/, and the async function it exports. */
  file: string;
  fn: string;
}

const BENCHES: Bench[] = [
  { name: 'csv-import', file: 'csv-import.ts', fn: 'benchCsvImport' },
  { name: 'import-memory', file: 'import-memory.ts', fn: 'benchImportMemory' },
  { name: 'render', file: 'render.ts', fn: 'benchRender' },
  { name: 'tldr', file: 'tldr.ts', fn: 'benchTldr' },
  { name: 'delivery', file: 'delivery.ts', fn: 'benchDelivery' },
  { name: 'console', file: 'console.ts', fn: 'benchConsole' },
  { name: 'retention', file: 'retention.ts', fn: 'benchRetention' },
  { name: 'subscribe', file: 'subscribe.ts', fn: 'benchSubscribe' },
];

const here = dirname(fileURLToPath(import.meta.url));

async function main(args: string[]): Promise<number> {
  const available = BENCHES.filter((b) => existsSync(join(here, b.file)));
  const unknown = args.filter((a) => !BENCHES.some((b) => b.name.startsWith(a)));
  if (unknown.length) {
    console.error(`unknown bench: ${unknown.join(', ')} (one of: ${BENCHES.map((b) => b.name).join(', ')})`);
    return 2;
  }
  const wanted = args.length ? BENCHES.filter((b) => args.some((a) => b.name.startsWith(a))) : available;
  let failed = 0;
  for (const b of wanted) {
    if (!available.includes(b)) {
      console.log(`${b.name}: skipped (bench/${b.file} does not exist yet)\n`);
      continue;
    }
    const mod = (await import(pathToFileURL(join(here, b.file)).href)) as Record<string, unknown>;
    const run = mod[b.fn];
    if (typeof run !== 'function') {
      console.error(`${b.name}: bench/${b.file} does not export ${b.fn}()`);
      failed++;
      continue;
    }
    try {
      await (run as () => Promise<void>)();
    } catch (err) {
      console.error(`${b.name}: failed:`, err);
      failed++;
    }
    console.log('');
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
