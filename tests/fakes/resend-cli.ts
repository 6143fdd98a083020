/**
 * Runs the fake Resend server as its own process, for manual tests and benchmarks:
 *
 *   tsx tests/fakes/resend-cli.ts --port 4010 --rate 10 [--window fixed] [--keys re_a,re_b]
 *        [--daily 1000] [--monthly 30000] [--no-bodies] [--no-store] [--no-log] [--host 127.0.0.1]
 *
 * Prints `FAKE_RESEND_URL=<url>` on its first line (point `RESEND_BASE_URL` at it). While it runs:
 *   GET  <url>/__fake/stats               counters as JSON
 *   POST <url>/__fake/rate  {"rateLimit":5,"window":"sliding"}
 *   POST <url>/__fake/quota {"daily":100,"monthly":3000}
 *   POST <url>/__fake/clear
 * Ctrl-C prints the final stats and exits.
 */
import { startFakeResend } from './resend-server.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const num = (name: string): number | undefined => (arg(name) === undefined ? undefined : Number(arg(name)));
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const fake = await startFakeResend({
  port: num('port') ?? 4010,
  host: arg('host') ?? '127.0.0.1',
  rateLimit: num('rate') ?? 0,
  rateWindow: arg('window') === 'fixed' ? 'fixed' : 'sliding',
  apiKeys: arg('keys')?.split(','),
  quota: { daily: num('daily'), monthly: num('monthly') },
  storeBodies: !flag('no-bodies'),
  storeEmails: !flag('no-store'),
  logRequests: !flag('no-log'),
});
console.log(`FAKE_RESEND_URL=${fake.url}`);
console.log(`fake Resend listening on ${fake.url} (rate ${num('rate') ?? 0}/s; keys ${arg('keys') ?? 're_test_key'})`);

const stop = async () => {
  console.log(JSON.stringify(fake.stats));
  await fake.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
