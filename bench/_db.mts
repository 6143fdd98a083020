const d = await import('./delivery.ts' as string);
const store = await import('../src/delivery/store.ts' as string);
const { takeSnapshot } = await import('../src/delivery/snapshot.ts' as string);
const { bootstrap } = await import('../src/bootstrap.ts' as string);
const { readSeedMarkdown } = await import('../src/editions/seed.ts' as string);
const { editions } = await import('../src/db/schema.ts' as string);
const { eq } = await import('drizzle-orm');
const { randomUUID } = await import('node:crypto');
const N = Number(process.env.N ?? 100000);
const { deps } = d.freshDeps(N, 'http://127.0.0.1:1', 10);
await bootstrap(deps.db, readSeedMarkdown(), new Date());
await deps.db.update(editions).set({ status: 'sending' }).where(eq(editions.id, 1));
await takeSnapshot(deps.db, 1, new Date());
if (process.env.NOIDX) (deps.db as any).$client.exec('DROP INDEX deliveries_provider_id');
const t: Record<string, number> = {};
const tm = async <T,>(k: string, f: () => Promise<T>): Promise<T> => { const s = performance.now(); const r = await f(); t[k] = (t[k] ?? 0) + performance.now() - s; return r; };
let cursor = -1; let n = 0;
for (;;) {
  await tm('editionStatus', () => store.editionStatus(deps.db, 1));
  const b = await tm('nextOpenBatch', () => store.nextOpenBatch(deps.db, 1, cursor));
  if (!b) break; cursor = b.number; n++;
  await tm('buildBatch', () => store.buildBatch(deps.db, b));
  const r = await tm('batchRecipients', () => store.batchRecipients(deps.db, b));
  await tm('noteAttempt', () => store.noteAttempt(deps.db, b, new Date()));
  await tm('recordAccepted', () => store.recordAccepted(deps.db, b, r, r.map(() => randomUUID()), [], new Date()));
}
for (const [k, v] of Object.entries(t)) console.log(k.padEnd(16), (v / n).toFixed(3), 'ms/batch');
