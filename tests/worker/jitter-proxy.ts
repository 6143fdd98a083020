/**
 * The network between a deployed Worker and its provider, for `wrangler dev`: an HTTP proxy that
 * holds each request for a random 0 to `maxMs` ms before passing it on, so requests reach the
 * provider imitation later than they left, each by its own amount, as over a real network (and as
 * when an isolate is busy with another invocation's work when it is told to go). Seeded: the test
 * prints the seed, and JITTER_SEED replays it.
 */
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../helpers/random.js';

export interface JitterProxy {
  url: string;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 in front of `target` (an http:// origin). */
export async function startJitterProxy(target: string, maxMs: number, seed: number): Promise<JitterProxy> {
  const random = mulberry32(seed);
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The request's body waits in the socket (nothing reads it) until it is passed on.
    setTimeout(() => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    }, random() * maxMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
