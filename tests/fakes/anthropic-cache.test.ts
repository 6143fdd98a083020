import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropic, type FakeAnthropic } from './anthropic-server.js';

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
let clock = T0;
let fake: FakeAnthropic;
let client: Anthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic({ now: () => clock });
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clear();
  fake.setResponder();
  clock = T0;
});

const chars = (n: number, seed = 'a') => seed.repeat(n);
const SYSTEM = chars(400, 's'); // 100 tokens
const ARTICLE = chars(8000, 'x'); // 2000 tokens
const tldrRequest = (opts: { article?: string; system?: string; persona?: string; model?: string; ttl?: '5m' | '1h' } = {}) =>
  ({
    model: opts.model ?? 'claude-sonnet-4-6',
    max_tokens: 300,
    system: [
      { type: 'text', text: opts.system ?? SYSTEM },
      { type: 'text', text: opts.article ?? ARTICLE, cache_control: opts.ttl ? { type: 'ephemeral', ttl: opts.ttl } : { type: 'ephemeral' } },
    ],
    messages: [{ role: 'user', content: `TL;DR for ${opts.persona ?? 'an engineer'}.` }],
  }) as Anthropic.MessageCreateParamsNonStreaming;
const usage = async (req: Anthropic.MessageCreateParamsNonStreaming) => (await client.messages.create(req)).usage;

describe('prompt caching, computed from the prefixes actually sent', () => {
  it('the first call writes the prefix, the next call with the same prefix reads it', async () => {
    const first = await usage(tldrRequest());
    expect(first).toMatchObject({ cache_creation_input_tokens: 2100, cache_read_input_tokens: 0, input_tokens: 6 });
    expect(first.cache_creation).toEqual({ ephemeral_5m_input_tokens: 2100, ephemeral_1h_input_tokens: 0 });
    const second = await usage(tldrRequest({ persona: 'an investor' }));
    expect(second).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 2100, input_tokens: 6 });
    expect(fake.totals).toMatchObject({ calls: 2, cache_creation_input_tokens: 2100, cache_read_input_tokens: 2100, input_tokens: 12 });
  });

  it('a prefix below the model minimum is silently not cached', async () => {
    const short = tldrRequest({ article: chars(2000) }); // 100 + 500 tokens < 1024
    expect(await usage(short)).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0, input_tokens: 606 });
    expect(await usage(short)).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it('minimums are per model (Haiku 4.5 needs 4096 tokens per the docs) and overridable', async () => {
    expect(await usage(tldrRequest({ model: 'claude-haiku-4-5' }))).toMatchObject({ cache_creation_input_tokens: 0, input_tokens: 2106 });
    expect(await usage(tldrRequest({ model: 'claude-haiku-4-5', article: chars(16000) }))).toMatchObject({ cache_creation_input_tokens: 4100 });
    const lenient = await startFakeAnthropic({ minCacheTokens: 10 });
    try {
      const c = new Anthropic({ apiKey: 'sk-ant-test', baseURL: lenient.url });
      expect((await c.messages.create(tldrRequest({ model: 'claude-haiku-4-5', article: chars(200) }))).usage.cache_creation_input_tokens).toBe(150);
    } finally {
      await lenient.close();
    }
  });

  it('the cache is per model and per exact prefix', async () => {
    await usage(tldrRequest());
    expect(await usage(tldrRequest({ model: 'claude-opus-4-8' }))).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 2100 });
    expect(await usage(tldrRequest({ system: chars(400, 't') }))).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 2100 });
    expect(await usage(tldrRequest({ article: ARTICLE.slice(1) + 'y' }))).toMatchObject({ cache_read_input_tokens: 0 });
  });

  it('5 minute TTL, refreshed by each hit (injectable clock)', async () => {
    await usage(tldrRequest());
    clock += 4 * 60_000;
    expect((await usage(tldrRequest())).cache_read_input_tokens).toBe(2100);
    clock += 4 * 60_000; // 8 min after the write, 4 after the refresh
    expect((await usage(tldrRequest())).cache_read_input_tokens).toBe(2100);
    clock += 5 * 60_000 + 1;
    expect(await usage(tldrRequest())).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 2100 });
  });

  it('1 hour TTL is reported as ephemeral_1h and lives an hour', async () => {
    expect((await usage(tldrRequest({ ttl: '1h' }))).cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2100 });
    clock += 59 * 60_000;
    expect((await usage(tldrRequest({ ttl: '1h' }))).cache_read_input_tokens).toBe(2100);
  });

  it('several breakpoints: tools → system → messages; a new article reuses the cached tools prefix', async () => {
    const tools = [{ name: 'write_tldr', description: chars(4400, 'd'), input_schema: { type: 'object' as const, properties: { tldr: { type: 'string' } } }, cache_control: { type: 'ephemeral' as const } }];
    const toolTokens = Math.ceil(JSON.stringify({ name: tools[0].name, description: tools[0].description, input_schema: tools[0].input_schema }).length / 4);
    const a = await usage({ ...tldrRequest(), tools });
    expect(a).toMatchObject({ cache_creation_input_tokens: toolTokens + 2100, cache_read_input_tokens: 0 });
    const b = await usage({ ...tldrRequest({ article: chars(8000, 'z') }), tools });
    expect(b).toMatchObject({ cache_read_input_tokens: toolTokens, cache_creation_input_tokens: 2100, input_tokens: 6 });
  });

  it('a later breakpoint finds an earlier cached prefix within 20 blocks (multi-turn)', async () => {
    const doc = { type: 'text' as const, text: ARTICLE };
    await usage({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: [{ ...doc, cache_control: { type: 'ephemeral' } }] }] });
    const turn2 = await usage({
      model: 'claude-sonnet-4-6',
      max_tokens: 50,
      messages: [
        { role: 'user', content: [doc] },
        { role: 'assistant', content: 'Noted, eight.' },
        { role: 'user', content: [{ type: 'text', text: 'And for an investor?', cache_control: { type: 'ephemeral' } }] },
      ],
    });
    expect(turn2).toMatchObject({ cache_read_input_tokens: 2000, cache_creation_input_tokens: 4 + 5, input_tokens: 0 });
  });

  it('top-level cache_control caches up to the last block (automatic caching)', async () => {
    const req = { model: 'claude-sonnet-4-6', max_tokens: 50, cache_control: { type: 'ephemeral' }, messages: [{ role: 'user', content: ARTICLE }] } as Anthropic.MessageCreateParamsNonStreaming;
    expect(await usage(req)).toMatchObject({ cache_creation_input_tokens: 2000, input_tokens: 0 });
    expect(await usage(req)).toMatchObject({ cache_read_input_tokens: 2000, input_tokens: 0 });
  });

  it('count_tokens counts the same blocks', async () => {
    const { input_tokens } = await client.messages.countTokens({ model: 'claude-sonnet-4-6', system: SYSTEM, messages: [{ role: 'user', content: 'abcd' }] });
    expect(input_tokens).toBe(101);
  });
});

describe('Message Batches through the SDK', () => {
  const params = (persona: string, model = 'claude-sonnet-4-6') => ({ ...tldrRequest({ persona, model }) });

  it('create → in_progress → finishBatches() → ended; results are JSONL of succeeded/errored', async () => {
    const seen: string[] = [];
    fake.setResponder((req, ctx) => (seen.push(ctx.batch?.customId ?? '-'), `TL;DR (${req.messages.length})`));
    const batch = await client.messages.batches.create({
      requests: [
        { custom_id: 'engineer', params: params('an engineer') },
        { custom_id: 'investor', params: params('an investor') },
        { custom_id: 'nope', params: params('x', 'claude-imaginary-9') },
      ],
    });
    expect(batch).toMatchObject({ type: 'message_batch', processing_status: 'in_progress', results_url: null, request_counts: { processing: 3, succeeded: 0 } });
    expect(batch.id).toMatch(/^msgbatch_/);
    expect((await client.messages.batches.retrieve(batch.id)).processing_status).toBe('in_progress');
    await expect(client.messages.batches.results(batch.id)).rejects.toThrow(/results_url/);

    await fake.finishBatches();
    const ended = await client.messages.batches.retrieve(batch.id);
    expect(ended).toMatchObject({ processing_status: 'ended', request_counts: { processing: 0, succeeded: 2, errored: 1 } });
    expect(ended.results_url).toBe(`${fake.url}/v1/messages/batches/${batch.id}/results`);
    const results: Anthropic.Messages.MessageBatchIndividualResponse[] = [];
    for await (const r of await client.messages.batches.results(batch.id)) results.push(r);
    expect(results.map((r) => [r.custom_id, r.result.type])).toEqual([['engineer', 'succeeded'], ['investor', 'succeeded'], ['nope', 'errored']]);
    const ok = results[1].result as Anthropic.Messages.MessageBatchSucceededResult;
    expect(ok.message.usage).toMatchObject({ service_tier: 'batch', cache_read_input_tokens: 2100 });
    expect(results[2].result).toMatchObject({ error: { type: 'error', error: { type: 'not_found_error' } } });
    expect(seen).toEqual(['engineer', 'investor']);
    expect(fake.calls.map((c) => c.batch?.customId)).toEqual(['engineer', 'investor']);
  });

  it('validates the batch: structure errors are 400 at create; custom_id must be unique and well-formed', async () => {
    const create = (requests: unknown[]) => rejectionOf(client.messages.batches.create({ requests } as Anthropic.Messages.BatchCreateParams));
    expect((await create([{ custom_id: 'a', params: params('a') }, { custom_id: 'b', params: { ...params('b'), max_tokens: undefined } }])).apiMessage).toMatch(/^requests\.1\.params\.max_tokens: Field required/);
    expect((await create([{ custom_id: 'a', params: params('a') }, { custom_id: 'a', params: params('b') }])).apiMessage).toMatch(/unique/);
    expect((await create([{ custom_id: 'has space', params: params('a') }])).status).toBe(400);
    expect((await create([])).status).toBe(400);
    expect(fake.batches.size).toBe(0);
  });

  it('finishBatchesImmediately, cancel and list', async () => {
    const eager = await startFakeAnthropic({ finishBatchesImmediately: true });
    try {
      const c = new Anthropic({ apiKey: 'sk-ant-test', baseURL: eager.url });
      const b = await c.messages.batches.create({ requests: [{ custom_id: 'one', params: params('one') }] });
      expect(b.processing_status).toBe('in_progress');
      expect(await c.messages.batches.retrieve(b.id)).toMatchObject({ processing_status: 'ended', request_counts: { succeeded: 1 } });
    } finally {
      await eager.close();
    }
    const b = await client.messages.batches.create({ requests: [{ custom_id: 'one', params: params('one') }] });
    expect(await client.messages.batches.cancel(b.id)).toMatchObject({ processing_status: 'canceling', cancel_initiated_at: expect.any(String) });
    await fake.finishBatches();
    expect(await client.messages.batches.retrieve(b.id)).toMatchObject({ processing_status: 'ended', request_counts: { canceled: 1 } });
    const listed = [];
    for await (const x of client.messages.batches.list()) listed.push(x.id);
    expect(listed).toEqual([b.id]);
  });
});

async function rejectionOf(p: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await p;
  } catch (e) {
    return e as InstanceType<typeof Anthropic.APIError>;
  }
  throw new Error('expected a rejection');
}
