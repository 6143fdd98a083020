/**
 * A/B of the one optimisation the Resend adapter keeps, its wire writer: the same sends, in this
 * process, through `ResendMailer` (the batch body written as bytes from each variant's encoded
 * pieces) and through `SdkMailer` (the SDK's `batch.send`: JSON.stringify, then UTF-8 by fetch).
 * A B A B on fresh editions; the process's CPU per email covers everything sending does (snapshot,
 * building, personalising, encoding, HTTP, recording), so the difference is the writer's.
 */
import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { editions } from '../src/db/schema.js';
import { openSqlite } from '../src/db/sqlite.js';
import { silentLogger, systemClock, type CoreDeps } from '../src/deps.js';
import { createEngine } from '../src/delivery/index.js';
import { parseEnv, toAppConfig } from '../src/config/config.js';
import { createPacer, pacedMailer } from '../src/mail/pacer.js';
import type { Mailer } from '../src/mail/port.js';
import { ResendMailer } from '../src/mail/resend.js';
import { freshDatabase, startFake } from './fixtures.js';
import { SdkMailer } from './sdk-mailer.js';

async function sendOnce(dbPath: string, mailer: Mailer): Promise<number> {
  const handle = openSqlite(dbPath);
  const env = parseEnv({ BASE_URL: 'https://news.example.com', POSTAL_ADDRESS: '1 Bench St', MAIL_FROM: 'P <news@example.com>', SEND_RATE: '1000000' });
  const core: CoreDeps = {
    db: handle.db,
    config: toAppConfig(env, { adminToken: 'bench-admin-token-0123456789', tokenSecret: 'bench-token-secret-0123456789' }),
    clock: systemClock,
    log: silentLogger,
    mailer: pacedMailer(mailer, createPacer(1_000_000)),
    summarizer: null,
    translator: null,
  };
  // A fresh send each time: no snapshot, no batches.
  handle.sqlite.exec('DELETE FROM batches; DELETE FROM deliveries; DELETE FROM leases');
  await handle.db.update(editions).set({ status: 'sending', sendId: null, sentAt: null }).where(eq(editions.id, 1));
  const engine = createEngine(core);
  const cpu0 = process.cpuUsage();
  await engine.dispatch(1);
  await engine.idle();
  const cpu = process.cpuUsage(cpu0);
  const sent = (handle.sqlite.prepare(`SELECT count(*) AS n FROM deliveries WHERE status = 'submitted'`).get() as { n: number }).n;
  handle.close();
  return (cpu.user + cpu.system) / sent;
}

export async function abWireWriter(n: number, rate: number): Promise<void> {
  const fake = await startFake(0);
  const db = await freshDatabase(n);
  const a = new ResendMailer({ apiKey: 're_test_key', baseUrl: fake.url });
  const b = new SdkMailer('re_test_key', fake.url);
  await sendOnce(db.path, a); // warm-up: JIT, connections, the variants' first render
  const runs = { wire: [] as number[], sdk: [] as number[] };
  for (let i = 0; i < 2; i++) {
    runs.wire.push(await sendOnce(db.path, a));
    runs.sdk.push(await sendOnce(db.path, b));
  }
  await fake.stop();
  rmSync(db.dir, { recursive: true, force: true });
  const best = (xs: number[]) => Math.min(...xs);
  const share = (us: number) => `${((us * rate * 100) / 1e4).toFixed(0)} %`;
  console.log(`  A/B, ${n.toLocaleString()} readers a send, no rate limit, CPU per email of the sending process (A B A B):`);
  console.log(`    A wire writer: ${runs.wire.map((x) => x.toFixed(0)).join(', ')} µs → at R = ${rate}: ${share(best(runs.wire))} of a core`);
  console.log(`    B SDK batch.send: ${runs.sdk.map((x) => x.toFixed(0)).join(', ')} µs → at R = ${rate}: ${share(best(runs.sdk))} of a core`);
  console.log(`    the writer saves ${(best(runs.sdk) - best(runs.wire)).toFixed(0)} µs per email (${(best(runs.sdk) / best(runs.wire)).toFixed(2)} ×)`);
}
