import type { Context } from 'hono';

/**
 * Hands work that must outlive the answer to the runtime: Workers keep the isolate alive for it
 * (`executionCtx.waitUntil`); on Node the process simply goes on. Failures are logged, never thrown.
 */
export function inBackground(c: Context, work: Promise<unknown>, onError: (err: unknown) => void): void {
  const settled = work.catch(onError);
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    // Node: no execution context; the promise runs on.
  }
  ctx?.waitUntil(settled);
}
