/**
 * The Resend imitation in a process of its own (`resend-cli.ts`), for benchmarks and for the
 * test of the CLI itself: spawns it, waits for the URL it prints, and stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface FakeResendProcess {
  url: string;
  child: ChildProcess;
  /** `GET /__fake/stats`: the counters, and `cpuMs` the process has used. */
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** `cliArgs` as `resend-cli.ts` takes them; `nodeFlags` go to node before the script. */
export async function spawnFakeResend(cliArgs: string[], nodeFlags: string[] = []): Promise<FakeResendProcess> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'tests/fakes/resend-cli.ts', '--port', '0', ...cliArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((res, rej) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /FAKE_RESEND_URL=(\S+)/.exec(buf);
      if (m) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`fake Resend exited (${code})`)));
  });
  return {
    url,
    child,
    stats: async () => (await fetch(`${url}/__fake/stats`)).json() as Promise<Record<string, number>>,
    stop: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}
