/**
 * One scheduler tick: start the scheduled editions that are due, leave alone those that missed
 * their time by more than the grace period (the editor decides), and resume every edition still
 * `sending` (after a crash or a halted run), then run the retention step (src/retention/).
 * Runtime-agnostic: node-cron and Cron Triggers call it.
 */
import { and, eq, lte } from 'drizzle-orm';
import { editions } from '../db/schema.js';
import type { CoreDeps, Dispatcher } from '../deps.js';
import { applyEdition } from '../editions/lifecycle.js';
import { runRetention } from '../retention/index.js';
import { collectTldrJobs } from '../tldr/jobs.js';

/** Pure: is a scheduled time due now, too late to start by itself, or not yet? */
export function dueState(scheduledAt: string, now: Date, graceMinutes: number): 'due' | 'missed' | 'later' {
  const t = Date.parse(scheduledAt);
  if (t > now.getTime()) return 'later';
  return now.getTime() - t > graceMinutes * 60_000 ? 'missed' : 'due';
}

export interface TickReport {
  started: number[];
  missed: number[];
  resumed: number[];
}

/** Runs one tick; resolves once every send it started or resumed has been handed to the dispatcher. */
export async function tick(deps: CoreDeps, dispatcher: Dispatcher): Promise<TickReport> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const report: TickReport = { started: [], missed: [], resumed: [] };
  const work: Promise<void>[] = [];
  const scheduled = await db
    .select({ id: editions.id, scheduledAt: editions.scheduledAt, statusReason: editions.statusReason })
    .from(editions)
    .where(and(eq(editions.status, 'scheduled'), lte(editions.scheduledAt, now.toISOString())));
  for (const e of scheduled) {
    const state = dueState(e.scheduledAt!, now, config.sendGraceMinutes);
    if (state === 'missed') {
      report.missed.push(e.id);
      const reason = `missed its time (${e.scheduledAt}) by more than ${config.sendGraceMinutes} min; send it again to start`;
      if (e.statusReason !== reason) await db.update(editions).set({ statusReason: reason }).where(eq(editions.id, e.id));
      continue;
    }
    if (state === 'due' && (await applyEdition(db, e.id, 'due', now, { statusReason: null }))) {
      report.started.push(e.id);
      work.push(dispatcher.dispatch(e.id));
    }
  }
  // TLDR_MODE=batch: collect the TL;DRs Claude's Message Batches API has finished.
  if (config.tldrMode === 'batch') await collectTldrJobs(deps).catch((err) => deps.log.error('TL;DR job collection failed', err));
  const sending = await db.select({ id: editions.id }).from(editions).where(eq(editions.status, 'sending'));
  for (const e of sending) {
    if (report.started.includes(e.id)) continue;
    report.resumed.push(e.id);
    work.push(dispatcher.dispatch(e.id, { resume: true }));
  }
  await Promise.all(work.map((w) => w.catch((err) => deps.log.error('dispatch failed', err))));
  await runRetention(deps).catch((err) => deps.log.error('retention step failed; the next tick carries on', err));
  return report;
}
