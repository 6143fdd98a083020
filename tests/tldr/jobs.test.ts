/** TLDR_MODE=batch: variants as one TL;DR job on the Message Batches API at half price, collected by collectTldrJobs. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editions } from '../../src/db/schema.js';
import { collectTldrJobs } from '../../src/tldr/jobs.js';
import { estimateCostUsd } from '../../src/tldr/pricing.js';
import { listVariants } from '../../src/tldr/store.js';
import { addReaders, badThenFaithful, FAITHFUL, MODEL, SEED_EDITION_ID, tldrHarness, type TldrHarness } from './helpers.js';

let h: TldrHarness;
beforeEach(async () => {
  h = await tldrHarness({ config: { tldrMode: 'batch' } });
});
afterEach(async () => {
  await h.close();
});

const post = (q = '') => h.t.admin(`/editions/${SEED_EDITION_ID}/tldrs${q}`, { method: 'POST' });

describe('TL;DR jobs (TLDR_MODE=batch)', () => {
  it('submits one job, shows fallbacks meanwhile, and stores the results at half price', async () => {
    await addReaders(h.t, [['investor', 'es']]);
    const res = await post();
    expect(res.status).toBe(202);
    const body = (await res.json()) as { job: { id: string; requests: number }; data: { source: string; flagReason: string | null; pendingJob: string | null }[] };
    expect(body.job.requests).toBe(5);
    expect(body.data.every((v) => v.source === 'fallback' && v.pendingJob === body.job.id && v.flagReason === null)).toBe(true);
    expect(h.fake.calls).toHaveLength(0);

    expect(await collectTldrJobs(h.t.deps)).toEqual({ jobs: 0, variants: 0 }); // still running
    await h.fake.finishBatches();
    expect(await collectTldrJobs(h.t.deps)).toEqual({ jobs: 1, variants: 5 });
    expect(await collectTldrJobs(h.t.deps)).toEqual({ jobs: 0, variants: 0 });

    const vs = await listVariants(h.t.deps.db, SEED_EDITION_ID);
    expect(vs.map((v) => v.source)).toEqual(Array(5).fill('claude'));
    expect(vs.every((v) => v.flagReason === null && v.pendingJob === null)).toBe(true);
    for (const v of vs) {
      expect(v.costUsd).toBeCloseTo(estimateCostUsd(MODEL, v, { batch: true }), 9);
      expect(v.costUsd).toBeCloseTo(estimateCostUsd(MODEL, v) / 2, 5);
    }
    expect(h.fake.calls.every((c) => c.batch?.id === body.job.id)).toBe(true);
  });

  it("re-asks a job's answer with invented figures at once, outside the job", async () => {
    h.fake.setResponder(badThenFaithful(() => ({ json: { tldr: FAITHFUL.replace('$380 billion', '$480 billion'), why: 'x' } })));
    await post();
    await h.fake.finishBatches();
    await collectTldrJobs(h.t.deps);
    const vs = await listVariants(h.t.deps.db, SEED_EDITION_ID);
    expect(vs.every((v) => v.source === 'claude')).toBe(true);
    expect(h.fake.calls.filter((c) => c.batch)).toHaveLength(4);
    expect(h.fake.calls.filter((c) => !c.batch)).toHaveLength(4);
  });

  it('drops results that arrive after the send started', async () => {
    await post();
    await h.t.deps.db.update(editions).set({ status: 'sending' });
    await h.fake.finishBatches();
    await collectTldrJobs(h.t.deps);
    const vs = await listVariants(h.t.deps.db, SEED_EDITION_ID);
    expect(vs.every((v) => v.source === 'fallback' && v.flagReason === 'The job results arrived after the send started')).toBe(true);
  });

  it('writes at once when the job cannot be submitted', async () => {
    h.fake.fail(1, { status: 400, message: 'no batches today' });
    const res = await post();
    expect(res.status).toBe(200);
    const vs = await listVariants(h.t.deps.db, SEED_EDITION_ID);
    expect(vs.every((v) => v.source === 'claude')).toBe(true);
  });
});
