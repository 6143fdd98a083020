/**
 * Writing variants end to end: the admin routes and `ensureVariants`, the real SDK, the fake
 * Anthropic server over HTTP. One call per variant, the article read from the cache by every
 * variant after the first, tokens and cost stored per variant.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateCostUsd } from '../../src/tldr/pricing.js';
import { ensureVariants } from '../../src/tldr/service.js';
import { sleep } from '../fakes/http-util.js';
import { addReaders, faithful, MODEL, readerOf, SEED_EDITION_ID, tldrHarness, usageFor, type TldrHarness } from './helpers.js';

let h: TldrHarness;
beforeEach(async () => {
  h = await tldrHarness();
});
afterEach(async () => {
  await h.close();
});

const tldrs = (path = '') => `/editions/${SEED_EDITION_ID}/tldrs${path}`;

describe('POST /editions/:id/tldrs', () => {
  it('writes one variant per persona × language among active readers, plus every persona in the edition language', async () => {
    await addReaders(h.t, [['everyday', 'en'], ['executive', 'es'], ['engineer', 'es'], ['investor', 'fr']]);
    await addReaders(h.t, [['everyday', 'de']], 'pending'); // not active: no variant
    const res = await h.t.admin(tldrs(), { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { persona: string; language: string; source: string; why: string }[] };
    const keys = body.data.map((v) => `${v.persona}|${v.language}`).sort();
    expect(keys).toEqual(
      ['engineer|en', 'engineer|es', 'everyday|en', 'executive|en', 'executive|es', 'investor|en', 'investor|fr'].sort(),
    );
    expect(body.data.every((v) => v.source === 'claude' && v.why.length > 0)).toBe(true);
    expect(h.fake.calls).toHaveLength(7);
    // The TL;DR language is the reader's; the persona's description is in the prompt.
    const langs = h.fake.calls.map((c) => readerOf(c.request).language);
    expect(langs.filter((l) => l.startsWith('Spanish'))).toHaveLength(2);
    expect(langs.filter((l) => l.startsWith('French'))).toHaveLength(1);
    const exec = usageFor(h.fake, 'Executive', 'Spanish')[0].request.messages[0].content as string;
    expect(exec).toContain('A business leader deciding budgets');
  });

  it('makes no call for a variant that exists', async () => {
    await addReaders(h.t, [['everyday', 'es']]);
    await h.t.admin(tldrs(), { method: 'POST' });
    expect(h.fake.calls).toHaveLength(5);
    const again = await h.t.admin(tldrs(), { method: 'POST' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { data: unknown[] }).data).toHaveLength(5);
    expect(h.fake.calls).toHaveLength(5);
    await addReaders(h.t, [['investor', 'pt']]);
    await h.t.admin(tldrs(), { method: 'POST' });
    expect(h.fake.calls).toHaveLength(6);
    expect(readerOf(h.fake.calls[5].request)).toEqual({ persona: 'Investor', language: 'Portuguese (Português)' });
  });

  it('writes the article to the cache once; variants 2..N read it (fake usage and stored columns agree)', async () => {
    await addReaders(h.t, [['everyday', 'es'], ['investor', 'es']]);
    h.fake.delay(150, 1); // a slow first call: the others must still wait for it
    await h.t.admin(tldrs(), { method: 'POST' });
    const calls = h.fake.calls;
    expect(calls).toHaveLength(6);
    for (const c of calls) {
      const system = c.request.system as { text: string; cache_control?: unknown }[];
      expect(system[1].cache_control).toEqual({ type: 'ephemeral' });
      expect(system[1].text).toContain('Amazon just bet $25 billion');
    }
    // Byte-identical prefix for every variant.
    expect(new Set(calls.map((c) => JSON.stringify(c.request.system))).size).toBe(1);
    const [first, ...rest] = calls;
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    for (const c of rest) {
      expect(c.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
      expect(c.usage.cache_creation_input_tokens).toBe(0);
      expect(c.usage.input_tokens).toBeLessThan(200);
    }

    const res = await h.t.admin(tldrs());
    const body = (await res.json()) as {
      data: { persona: string; language: string; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number; model: string; durationMs: number }[];
      totals: Record<string, number>;
    };
    const label: Record<string, string> = { everyday: 'Everyday reader', executive: 'Executive', engineer: 'Engineer', investor: 'Investor' };
    for (const v of body.data) {
      const [call] = usageFor(h.fake, label[v.persona], v.language === 'es' ? 'Spanish' : 'English');
      expect(v).toMatchObject({
        model: MODEL,
        inputTokens: call.usage.input_tokens,
        outputTokens: call.usage.output_tokens,
        cacheWriteTokens: call.usage.cache_creation_input_tokens,
        cacheReadTokens: call.usage.cache_read_input_tokens,
      });
      expect(v.costUsd).toBeCloseTo(
        estimateCostUsd(MODEL, { inputTokens: v.inputTokens, outputTokens: v.outputTokens, cacheWriteTokens: v.cacheWriteTokens, cacheReadTokens: v.cacheReadTokens }),
        9,
      );
      expect(v.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(body.data.filter((v) => v.cacheWriteTokens > 0)).toHaveLength(1);
    expect(body.totals).toMatchObject({
      calls: 6,
      inputTokens: h.fake.totals.input_tokens,
      outputTokens: h.fake.totals.output_tokens,
      cacheWriteTokens: h.fake.totals.cache_creation_input_tokens,
      cacheReadTokens: h.fake.totals.cache_read_input_tokens,
    });
    expect(body.totals.costUsd).toBeCloseTo(body.data.reduce((s, v) => s + v.costUsd, 0), 6);
  });

  it('runs at most 4 calls at once after the first', async () => {
    await addReaders(h.t, [['everyday', 'es'], ['executive', 'es'], ['engineer', 'es'], ['investor', 'es'], ['everyday', 'fr'], ['investor', 'de']]);
    let inFlight = 0;
    let most = 0;
    const order: number[] = [];
    h.fake.setResponder(async (req, ctx) => {
      inFlight++;
      most = Math.max(most, inFlight);
      order.push(inFlight);
      await sleep(40);
      inFlight--;
      return faithful(req, ctx);
    });
    await h.t.admin(tldrs(), { method: 'POST' });
    expect(h.fake.calls).toHaveLength(10);
    expect(order[0]).toBe(1);
    expect(most).toBe(4);
  });
});

describe('ensureVariants (for the delivery engine)', () => {
  it('writes the missing variants for a scope and returns every variant of the edition', async () => {
    const map = await ensureVariants(h.t.deps, SEED_EDITION_ID, { pairs: [{ persona: 'engineer', language: 'es' }] });
    // engineer|es plus the four personas in the edition's language.
    expect([...map.keys()].sort()).toEqual(['engineer|en', 'engineer|es', 'everyday|en', 'executive|en', 'investor|en']);
    expect(map.get('engineer|es')?.source).toBe('claude');
    expect(map.editionLanguage).toBe('en');
    expect(h.fake.calls).toHaveLength(5);
    const again = await ensureVariants(h.t.deps, SEED_EDITION_ID, { personas: ['engineer'], languages: ['es', 'en'] });
    expect(again.size).toBe(5);
    expect(h.fake.calls).toHaveLength(5);
  });

  it('skips unknown personas and unsupported languages instead of failing', async () => {
    const map = await ensureVariants(h.t.deps, SEED_EDITION_ID, { pairs: [{ persona: 'ghost', language: 'es' }, { persona: 'investor', language: 'xx' }] });
    expect(map.size).toBe(4);
    expect(h.fake.calls).toHaveLength(4);
  });
});
