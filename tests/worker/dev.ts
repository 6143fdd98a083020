/**
 * Runs the real Worker locally with wrangler 4.86 (`wrangler dev`: workerd, local D1 with the same
 * migrations/, a local Queue, the Durable Objects, `--test-scheduled` for the Cron Trigger), for
 * the tests in this folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../helpers/server.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler');
const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one wrangler command to its end; rejects with its output when it fails. */
export function wrangler(args: string[], cwd = ROOT): Promise<string> {
  return new Promise((res, rej) => {
    const p = spawn(WRANGLER, args, { cwd, env: quietEnv });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? res(out) : rej(new Error(`wrangler ${args.join(' ')} failed:\n${out}`))));
  });
}

export interface DevWorker {
  url: string;
  /** Everything wrangler dev printed so far (the Worker's logs included). */
  log(): string;
  stop(): Promise<void>;
}

export interface DevOptions {
  /** Local state (D1, Queue, Durable Objects): the same folder is the same data across restarts. */
  persistTo: string;
  /** `--var` overrides, on top of wrangler.toml's [vars] (and .dev.vars, if the folder has one). */
  vars?: Record<string, string>;
  /** The folder wrangler runs in (its wrangler.toml and .dev.vars); the repository by default. */
  cwd?: string;
  /** Resolves once this path answers at all (any status), rather than 200. */
  anyStatus?: string;
  /** Config files (`-c`), the first the Worker that answers HTTP; others run beside it in the same local runtime. */
  configs?: string[];
}

/** Starts `wrangler dev` and waits until `/healthz` answers 200 (or `anyStatus` answers). */
export async function startDev(opts: DevOptions): Promise<DevWorker> {
  const port = await freePort();
  const vars = Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const dev: ChildProcess = spawn(
    WRANGLER,
    ['dev', '--local', '--test-scheduled', '--persist-to', opts.persistTo, '--port', String(port), '--ip', '127.0.0.1', ...vars, ...(opts.configs ?? []).flatMap((c) => ['-c', c])],
    { cwd: opts.cwd ?? ROOT, env: quietEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  dev.stdout!.on('data', (d) => (log += d));
  dev.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (dev.exitCode !== null) return;
    const exited = new Promise((r) => dev.once('exit', r));
    dev.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (dev.exitCode === null) dev.kill('SIGKILL');
  };
  for (let i = 0; ; i++) {
    if (dev.exitCode !== null) throw new Error(`wrangler dev exited:\n${log}`);
    try {
      const r = await fetch(url + (opts.anyStatus ?? '/healthz'));
      if (r.ok || opts.anyStatus) break;
    } catch {
      /* starting */
    }
    if (i > 600) {
      await stop();
      throw new Error(`wrangler dev did not start:\n${log}`);
    }
    await sleep(200);
  }
  return { url, log: () => log, stop };
}

/** Splits a TOML file into its preamble and its sections (each from its `[header]` line on). */
function sections(toml: string): string[] {
  return toml.split(/\n(?=\[)/);
}

/** Sets `key = "…"` in a section, which must have it. */
function setString(section: string, key: string, value: string): string {
  const line = new RegExp(`^${key} = ".*"$`, 'm');
  if (!line.test(section)) throw new Error(`wrangler.toml: no ${key} in\n${section}`);
  return section.replace(line, `${key} = ${JSON.stringify(value)}`);
}

/** The Worker's name in wrangler.toml. */
export function workerName(toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')): string {
  return /^name = "(.*)"$/m.exec(toml)![1];
}

/**
 * The repository's wrangler.toml, to run from another folder (with its own .dev.vars): the same
 * settings, with its paths made absolute. `peer` makes it a second Worker of the same code beside
 * it in one `wrangler dev`: another name, so another isolate, on the same D1 database, sending its
 * batches to the same Queue (which the first one consumes), and using the first one's Durable
 * Objects, as every isolate of a deployed Worker does.
 */
export function writeConfig(dir: string, options: { peer?: boolean } = {}): string {
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const name = workerName(toml);
  const out: string[] = [];
  for (let s of sections(toml)) {
    const header = /^\[\[?([\w.]+)\]\]?/.exec(s)?.[1];
    if (header === undefined) {
      s = setString(s, 'main', resolve(ROOT, /^main = "(.*)"$/m.exec(s)![1]));
      if (options.peer) s = setString(s, 'name', `${name}-peer`);
    } else if (header === 'd1_databases') {
      s = setString(s, 'migrations_dir', resolve(ROOT, /^migrations_dir = "(.*)"$/m.exec(s)![1]));
    } else if (header === 'build') {
      // The build step (Swagger UI's files into public/) runs in the repository; the peer serves no assets.
      if (options.peer) continue;
      s = setString(s, 'watch_dir', resolve(ROOT, /^watch_dir = "(.*)"$/m.exec(s)![1]));
      s = s.replace(/\n*$/, `\ncwd = ${JSON.stringify(ROOT)}\n\n`);
    } else if (header === 'assets') {
      if (options.peer) continue;
      s = setString(s, 'directory', resolve(ROOT, /^directory = "(.*)"$/m.exec(s)![1]));
    } else if (options.peer && (header === 'queues.consumers' || header === 'migrations')) {
      continue;
    } else if (options.peer && header === 'durable_objects.bindings') {
      s = s.replace(/\n*$/, `\nscript_name = ${JSON.stringify(name)}\n\n`);
    }
    out.push(s);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'wrangler.toml');
  writeFileSync(path, out.join('\n'));
  return path;
}

/** Writes `dir/.dev.vars`: .dev.vars.example's variables, with `overrides` on top. */
export function writeDevVars(dir: string, overrides: Record<string, string>): void {
  const example = readFileSync(join(ROOT, '.dev.vars.example'), 'utf8');
  const vars = new Map<string, string>();
  for (const m of example.matchAll(/^([A-Z_]+)=(.*)$/gm)) vars.set(m[1], m[2]);
  for (const [k, v] of Object.entries(overrides)) vars.set(k, v);
  writeFileSync(join(dir, '.dev.vars'), [...vars].map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
}
