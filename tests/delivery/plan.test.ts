/** Pure planning: retry decisions, backoff, key freshness, lifecycle, due times, pacing. */
import { describe, expect, it } from 'vitest';
import { nextStatus, isEditable } from '../../src/editions/lifecycle.js';
import { createPacer, LEAD_MS, pacedMailer, TRANSACTIONAL_SHARE } from '../../src/mail/pacer.js';
import type { Mailer } from '../../src/mail/port.js';
import { backoffMs, batchCount, canRetrySubmitting, decide, idempotencyKey, KEY_FRESH_MS, MAX_RETRIES_PER_RUN, progressFrom } from '../../src/delivery/plan.js';
import { dueState } from '../../src/delivery/scheduler.js';
import { classifyResendError } from '../../src/mail/resend.js';

describe('plan', () => {
  it('plans batches of 100 and keys unique per send and batch', () => {
    expect([batchCount(0), batchCount(1), batchCount(100), batchCount(101)]).toEqual([0, 1, 1, 2]);
    expect(idempotencyKey('a1b2', 7)).toBe('pp-a1b2-b7');
    expect(idempotencyKey('a1b2', 7).length).toBeLessThanOrEqual(256);
  });

  it('decides what to do with every provider outcome', () => {
    expect(decide({ kind: 'accepted', ids: ['x'], rejected: [] }, 1)).toEqual({ action: 'record' });
    expect(decide({ kind: 'rate_limited', retryAfterMs: 2000, message: '' }, 1)).toEqual({ action: 'wait-and-retry', waitMs: 2000 });
    expect(decide({ kind: 'retryable', message: '' }, 1, () => 0.5).action).toBe('wait-and-retry');
    expect(decide({ kind: 'retryable', message: '' }, MAX_RETRIES_PER_RUN).action).toBe('give-up-for-now');
    expect(decide({ kind: 'quota', message: 'daily' }, 1).action).toBe('pause');
    expect(decide({ kind: 'auth', message: 'bad key' }, 1).action).toBe('stop');
    expect(decide({ kind: 'conflict', message: '' }, 1).action).toBe('mark-uncertain');
    expect(decide({ kind: 'permanent', message: '' }, 1).action).toBe('fail-batch');
  });

  it('backs off exponentially with jitter, capped at 30 s', () => {
    expect(backoffMs(1, () => 0)).toBe(250);
    expect(backoffMs(1, () => 1)).toBe(500);
    expect(backoffMs(3, () => 1)).toBe(2000);
    expect(backoffMs(20, () => 1)).toBe(30_000);
    for (let a = 1; a < 12; a++) expect(backoffMs(a)).toBeLessThanOrEqual(30_000);
  });

  it('retries a submitting batch only while its key is fresh', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(canRetrySubmitting(null, now)).toBe(true);
    expect(canRetrySubmitting(new Date(now.getTime() - KEY_FRESH_MS + 1000).toISOString(), now)).toBe(true);
    expect(canRetrySubmitting(new Date(now.getTime() - KEY_FRESH_MS - 1000).toISOString(), now)).toBe(false);
  });

  it('classifies Resend errors the way the engine needs', () => {
    const h = (o: Record<string, string>) => o;
    expect(classifyResendError({ name: 'rate_limit_exceeded', message: '', statusCode: 429 }, h({ 'retry-after': '3' }))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000 });
    expect(classifyResendError({ name: 'daily_quota_exceeded', message: '', statusCode: 429 }, null).kind).toBe('quota');
    expect(classifyResendError({ name: 'invalid_api_key', message: '', statusCode: 403 }, null).kind).toBe('auth');
    expect(classifyResendError({ name: 'application_error', message: '', statusCode: null }, null).kind).toBe('retryable');
    expect(classifyResendError({ name: 'internal_server_error', message: '', statusCode: 500 }, null).kind).toBe('retryable');
    expect(classifyResendError({ name: 'concurrent_idempotent_requests', message: '', statusCode: 409 }, null).kind).toBe('retryable');
    expect(classifyResendError({ name: 'invalid_idempotent_request', message: '', statusCode: 409 }, null).kind).toBe('conflict');
    expect(classifyResendError({ name: 'validation_error', message: '', statusCode: 422 }, null).kind).toBe('permanent');
  });

  it('sums progress', () => {
    expect(progressFrom('sending', { queued: 5, submitted: 3, skipped: 1 })).toEqual({ status: 'sending', total: 9, queued: 5, sent: 3, failed: 0, skipped: 1, uncertain: 0 });
  });
});

describe('edition lifecycle', () => {
  it('allows only the transitions of the state machine', () => {
    expect(nextStatus('draft', 'start')).toBe('sending');
    expect(nextStatus('draft', 'schedule')).toBe('scheduled');
    expect(nextStatus('draft', 'cancel')).toBeNull();
    expect(nextStatus('scheduled', 'cancel')).toBe('cancelled');
    expect(nextStatus('sending', 'pause')).toBe('paused');
    expect(nextStatus('sending', 'finish')).toBe('sent');
    expect(nextStatus('paused', 'start')).toBe('sending');
    expect(nextStatus('sent', 'start')).toBeNull();
    expect(nextStatus('sent', 'cancel')).toBeNull();
    // The scheduler's `due` starts only a scheduled edition: one cancelled meanwhile stays cancelled.
    expect(nextStatus('scheduled', 'due')).toBe('sending');
    expect(nextStatus('cancelled', 'due')).toBeNull();
    expect(nextStatus('cancelled', 'start')).toBe('sending');
    expect(isEditable('draft') && isEditable('scheduled')).toBe(true);
    expect(isEditable('sending') || isEditable('sent') || isEditable('paused')).toBe(false);
  });
});

describe('scheduler timing', () => {
  it('starts due editions and leaves ones past the grace period to the editor', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(dueState('2026-11-26T12:05:00Z', now, 60)).toBe('later');
    expect(dueState('2026-11-26T11:30:00Z', now, 60)).toBe('due');
    expect(dueState('2026-11-26T10:59:00Z', now, 60)).toBe('missed');
  });
});

describe('pacer', () => {
  /** A pacer on a clock that only moves when someone sleeps. */
  function fakeTime(rate: number) {
    const clock = { t: 0 };
    const pacer = createPacer(rate, () => clock.t, async (ms) => {
      clock.t += ms;
    });
    return { clock, pacer };
  }

  it('spaces requests at the rate, waking each caller shortly before its slot', async () => {
    const { clock, pacer } = fakeTime(10);
    const sentAt: number[] = [];
    const woke: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ready = await pacer.reserve();
      woke.push(clock.t);
      await ready();
      sentAt.push(clock.t);
    }
    for (let i = 1; i < 5; i++) {
      expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(100);
      expect(sentAt[i] - sentAt[i - 1]).toBeLessThan(110);
      expect(sentAt[i] - woke[i]).toBe(LEAD_MS);
    }
  });

  it('gives transactional mail at most one slot in TRANSACTIONAL_SHARE, and editions the rest', async () => {
    const { clock, pacer } = fakeTime(10);
    const slots: { lane: string; t: number }[] = [];
    const take = async (lane: 'edition' | 'transactional') => {
      await (await pacer.reserve(lane))();
      slots.push({ lane, t: clock.t });
    };
    // Confirmations keep arriving while an edition sends.
    for (let i = 0; i < 12; i++) {
      await take('transactional');
      await take('edition');
      await take('edition');
    }
    for (let i = 1; i < slots.length; i++) expect(slots[i].t - slots[i - 1].t).toBeGreaterThanOrEqual(100);
    const tx = slots.filter((s) => s.lane === 'transactional').map((s) => s.t);
    for (let i = 1; i < tx.length; i++) expect(tx[i] - tx[i - 1]).toBeGreaterThanOrEqual(100 * TRANSACTIONAL_SHARE);
    // The edition's calls are not held back behind the transactional ones: they take the slots between.
    const editionSlots = slots.filter((s) => s.lane === 'edition').map((s) => s.t);
    expect(editionSlots[editionSlots.length - 1]).toBeLessThan(tx[tx.length - 1] + 300);
  });

  it('paces every call through the shared mailer, and lets a call that reserved its own slot through', async () => {
    const { clock, pacer } = fakeTime(10);
    const sentAt: number[] = [];
    const inner: Mailer = {
      async sendBatch(emails, options = {}) {
        await options.ready?.();
        sentAt.push(clock.t);
        return { kind: 'accepted', ids: emails.map(() => 'id'), rejected: [] };
      },
    };
    const mailer = pacedMailer(inner, pacer);
    const one = [{ from: 'a@x.com', to: 'b@x.com', subject: 's', html: 'h', text: 't', headers: {} }];
    await mailer.sendBatch(one); // a confirmation email
    const engineSlot = await mailer.reserve('edition'); // the engine reserves, then builds its batch
    await mailer.sendBatch(one, { ready: engineSlot });
    await mailer.sendBatch(one);
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(100);
    expect(sentAt[2] - sentAt[1]).toBeGreaterThanOrEqual(100);
  });

  it('moves reserved slots back by a hold, once for several 429s at once', async () => {
    const { clock, pacer } = fakeTime(10);
    await (await pacer.reserve())();
    const start = clock.t;
    pacer.holdFor(1000);
    pacer.holdFor(1000);
    const ready = await pacer.reserve();
    await ready();
    expect(clock.t - start).toBeGreaterThanOrEqual(1000);
    expect(clock.t - start).toBeLessThan(1200);
  });

  it('the paced mailer holds every slot for the retry-after of a 429', async () => {
    const { clock, pacer } = fakeTime(10);
    let first = true;
    const sentAt: number[] = [];
    const inner: Mailer = {
      async sendBatch(emails, options = {}) {
        await options.ready?.();
        sentAt.push(clock.t);
        if (first) {
          first = false;
          return { kind: 'rate_limited', retryAfterMs: 2000, message: 'slow down' };
        }
        return { kind: 'accepted', ids: emails.map(() => 'id'), rejected: [] };
      },
    };
    const mailer = pacedMailer(inner, pacer);
    const one = [{ from: 'a@x.com', to: 'b@x.com', subject: 's', html: 'h', text: 't', headers: {} }];
    await mailer.sendBatch(one, { ready: await mailer.reserve('edition') });
    await mailer.sendBatch(one, { ready: await mailer.reserve('edition') });
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(2000);
  });

  it('a hold that comes after a reservation still delays it', async () => {
    let t = 0;
    const sleeps: number[] = [];
    const pacer = createPacer(10, () => t, async (ms) => {
      sleeps.push(ms);
      t += ms;
    });
    await (await pacer.reserve())();
    const ready = await pacer.reserve(); // slot at ~102, woken 40 ms before
    pacer.holdFor(500);
    await ready();
    expect(t).toBeGreaterThanOrEqual(600);
  });
});
