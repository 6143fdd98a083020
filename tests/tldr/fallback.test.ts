/**
 * Claude never blocks a send: server errors after the SDK's retries, a server that is down, a
 * call that times out, a deadline, or no key at all — every variant still gets an honest TL;DR,
 * stored as `fallback` (the editor's TL;DR, else the dek).
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { editions } from '../../src/db/schema.js';
import { resolveVariant } from '../../src/tldr/plan.js';
import { ensureVariants } from '../../src/tldr/service.js';
import { listVariants } from '../../src/tldr/store.js';
import { startFakeAnthropic } from '../fakes/anthropic-server.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { addReaders, SEED_EDITION_ID, tldrHarness, type TldrHarness } from './helpers.js';

let h: TldrHarness | undefined;
let plain: TestApp | undefined;
afterEach(async () => {
  await h?.close();
  plain?.close();
  h = plain = undefined;
});

async function editorTldr(t: TestApp) {
  return (await t.deps.db.select().from(editions).where(eq(editions.id, SEED_EDITION_ID)).get())!.tldr;
}

async function expectAllFallback(t: TestApp, flagReason: RegExp | null) {
  const vs = await listVariants(t.deps.db, SEED_EDITION_ID);
  expect(vs.length).toBeGreaterThanOrEqual(4);
  const tldr = await editorTldr(t);
  for (const v of vs) {
    expect(v).toMatchObject({ source: 'fallback', flagged: false, text: tldr, why: null });
    if (flagReason) expect(v.flagReason).toMatch(flagReason);
  }
  return vs;
}

describe('when Claude is unavailable', () => {
  it('falls back after the SDK has retried a 500 (and stops calling for the other variants)', async () => {
    h = await tldrHarness();
    h.fake.fail(3, { status: 500 });
    const map = await ensureVariants(h.t.deps, SEED_EDITION_ID);
    expect(map.size).toBe(4);
    expect(h.fake.requests).toHaveLength(3); // 1 try + 2 SDK retries, then the rest fall back at once
    expect(h.fake.requests.every((r) => r.status === 500)).toBe(true);
    await expectAllFallback(h.t, /Claude was unavailable: 500/);
  });

  it('falls back on 529 overloaded with retries exhausted', async () => {
    h = await tldrHarness();
    h.fake.fail(3, { status: 529, retryAfter: 0.01 });
    await ensureVariants(h.t.deps, SEED_EDITION_ID);
    expect(h.fake.requests.map((r) => r.status)).toEqual([529, 529, 529]);
    await expectAllFallback(h.t, /overloaded|529/i);
  });

  it('lets the SDK retry a passing 529 and still writes with Claude', async () => {
    h = await tldrHarness();
    h.fake.fail(2, { status: 529, retryAfter: 0.01 });
    const map = await ensureVariants(h.t.deps, SEED_EDITION_ID);
    expect([...map.values()].every((v) => v.source === 'claude')).toBe(true);
    expect(h.fake.requests).toHaveLength(6);
  });

  it('falls back when the server is down (closed port)', async () => {
    const gone = await startFakeAnthropic();
    const url = gone.url;
    await gone.close();
    h = await tldrHarness({ summarizer: { baseURL: url, maxRetries: 1 } });
    const map = await ensureVariants(h.t.deps, SEED_EDITION_ID);
    expect(map.size).toBe(4);
    await expectAllFallback(h.t, /Claude was unavailable: Connection error/);
  });

  it('falls back when a call times out', async () => {
    h = await tldrHarness({ summarizer: { timeoutMs: 150, maxRetries: 0 } });
    h.fake.delay(1_000, 10);
    const started = Date.now();
    await ensureVariants(h.t.deps, SEED_EDITION_ID);
    expect(Date.now() - started).toBeLessThan(1_000);
    await expectAllFallback(h.t, /timed out/i);
  });

  it("stops waiting at the caller's deadline", async () => {
    h = await tldrHarness();
    h.fake.delay(3_000, 10);
    const started = Date.now();
    const map = await ensureVariants(h.t.deps, SEED_EDITION_ID, { deadlineMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect([...map.values()].every((v) => v.source === 'fallback')).toBe(true);
  });

  it("writes fallbacks without a key (summarizer null), never throwing; the dek when there is no editor's TL;DR", async () => {
    plain = await makeTestApp({ summarizer: null });
    await addReaders(plain, [['executive', 'es']]);
    const map = await ensureVariants(plain.deps, SEED_EDITION_ID);
    expect(map.size).toBe(5);
    const vs = await expectAllFallback(plain, null);
    expect(vs.every((v) => v.model === null && v.costUsd === 0 && v.flagReason === null)).toBe(true);

    await plain.deps.db.update(editions).set({ tldr: '' });
    await addReaders(plain, [['investor', 'de']]);
    const again = await ensureVariants(plain.deps, SEED_EDITION_ID);
    const dek = (await plain.deps.db.select().from(editions).get())!.dek;
    expect(again.get('investor|de')).toMatchObject({ source: 'fallback', text: dek });
    expect(resolveVariant(again, 'investor', 'de')).toMatchObject({ source: 'fallback', text: dek });

    const res = await plain.admin(`/editions/${SEED_EDITION_ID}/tldrs`, { method: 'POST' });
    expect(res.status).toBe(200);
  });
});

describe('after an outage', () => {
  it('the send keeps its fallbacks; the editor can retry them with Claude before sending', async () => {
    h = await tldrHarness({ summarizer: { maxRetries: 0 } });
    h.fake.fail(1, { status: 500 });
    await ensureVariants(h.t.deps, SEED_EDITION_ID);
    await expectAllFallback(h.t, /unavailable/);
    expect(h.fake.requests).toHaveLength(1);

    // The delivery engine's view never changes under a running send.
    await ensureVariants(h.t.deps, SEED_EDITION_ID);
    expect(h.fake.requests).toHaveLength(1);

    const res = await h.t.admin(`/editions/${SEED_EDITION_ID}/tldrs`, { method: 'POST' });
    const body = (await res.json()) as { data: { source: string }[] };
    expect(body.data.map((v) => v.source)).toEqual(['claude', 'claude', 'claude', 'claude']);
  });
});
