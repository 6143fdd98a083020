/**
 * Small helpers shared by the fake Resend and fake Anthropic servers: body reading,
 * JSON answers, ids, a FIFO of injectable faults, and listen/close plumbing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';

/** Reads the whole request body; with a declared length, straight into one buffer (no concat copy). */
export function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The HTTP parser never delivers more than content-length, so a declared body fits `into`.
    const declared = Number(req.headers['content-length']);
    const into = Number.isSafeInteger(declared) && declared > 0 && declared <= 64 * 1024 * 1024 ? Buffer.allocUnsafe(declared) : null;
    let filled = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      if (into) filled += c.copy(into, filled);
      else chunks.push(c);
    });
    req.on('end', () => resolve(into ? into.subarray(0, filled) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Reads the whole request body as a UTF-8 string. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

/** Writes a JSON answer unless the socket is already gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Destroys the connection without any answer (what a crashed proxy or a dropped link looks like). */
export function dropConnection(req: IncomingMessage, res: ServerResponse): void {
  res.destroy();
  req.socket.destroy();
}

export const uuid = (): string => randomUUID();

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Random base-62 id with a prefix, shaped like Anthropic ids (`msg_01…`, `req_01…`). */
export function b62id(prefix: string, len = 24): string {
  const bytes = randomBytes(len);
  let out = `${prefix}01`;
  for (let i = 0; i < len - 2; i++) out += B62[bytes[i] % 62];
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One queued fault. Faults are applied first-in first-out, one per matching request. */
export type Fault<F> = { count: number; fault: F };

/** FIFO of faults: `take()` returns the fault for the next matching request, if any. */
export class FaultQueue<F> {
  private queue: Fault<F>[] = [];
  push(count: number, fault: F): void {
    if (count > 0) this.queue.push({ count, fault });
  }
  /** The first queued fault that `matches` the request (default: any), consuming one use of it. */
  take(matches: (f: F) => boolean = () => true): F | undefined {
    const i = this.queue.findIndex((e) => matches(e.fault));
    if (i < 0) return undefined;
    const entry = this.queue[i];
    if (--entry.count <= 0) this.queue.splice(i, 1);
    return entry.fault;
  }
  get pending(): number {
    return this.queue.reduce((n, f) => n + f.count, 0);
  }
  clear(): void {
    this.queue = [];
  }
}

/** Starts a node:http server on 127.0.0.1 and tracks sockets so `close()` never hangs on keep-alive. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
  host = '127.0.0.1',
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${host}:${addr.port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return { server, url, close };
}

/** Lower-cases and flattens node's header object into `Record<string, string>`. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
