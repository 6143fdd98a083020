/** Resuming: stale "submitting" batches become uncertain; live progress streams as SSE. */
import { afterEach, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { batches, editions } from '../../src/db/schema.js';
import type { Progress } from '../../src/delivery/plan.js';
import { takeSnapshot } from '../../src/delivery/snapshot.js';
import { tick } from '../../src/delivery/scheduler.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';

let t: TestApp;
afterEach(() => t?.close());

it('never resends a batch whose answer was lost more than 23 h ago: it becomes uncertain', async () => {
  t = await makeTestApp({ config: { sendRate: 1000 } });
  await seedSubscribers(t.deps.db, 150);
  const { db } = t.deps;
  await db.update(editions).set({ status: 'sending' }).where(eq(editions.id, 1));
  expect(await takeSnapshot(db, 1, t.clock.now())).toBe(150);
  // As if a process crashed mid-call a day ago, leaving batch 0 "submitting".
  const dayAgo = new Date(t.clock.now().getTime() - 24 * 3600_000).toISOString();
  await db.update(batches).set({ status: 'submitting', attempts: 1, firstAttemptAt: dayAgo }).where(and(eq(batches.editionId, 1), eq(batches.number, 0)));
  const report = await tick(t.deps, t.runner);
  expect(report.resumed).toEqual([1]);
  await t.runner.idle();
  const mailer = t.mailer as RecordingMailer;
  expect(mailer.sent).toHaveLength(50);
  const p = (await (await t.admin('/editions/1/progress')).json()) as Progress;
  expect(p).toMatchObject({ status: 'sent', sent: 50, uncertain: 100, queued: 0 });
  const b0 = db.all(sql`select status, error from batches where number = 0`) as { status: string; error: string }[];
  expect(b0[0].status).toBe('uncertain');
  expect(b0[0].error).toMatch(/editor decides/);
});

it('streams progress as text/event-stream until the send ends', async () => {
  t = await makeTestApp({ config: { sendRate: 1000 } });
  await seedSubscribers(t.deps.db, 20);
  await t.admin('/editions/1/send', { method: 'POST', json: {} });
  await t.runner.idle();
  const r = await t.admin('/editions/1/progress', { headers: { accept: 'text/event-stream' } });
  expect(r.headers.get('content-type')).toMatch(/text\/event-stream/);
  const body = await r.text();
  expect(body).toMatch(/^event: progress$/m);
  const data = JSON.parse(/^data: (.*)$/m.exec(body)![1]);
  expect(data).toMatchObject({ status: 'sent', total: 20, sent: 20 });
});
