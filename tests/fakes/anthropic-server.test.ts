import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { z } from 'zod';
import { startFakeAnthropic, type FakeAnthropic } from './anthropic-server.js';

let fake: FakeAnthropic;
let client: Anthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.url });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clear();
  fake.setResponder();
});

const ask = (extra: Record<string, unknown> = {}) =>
  ({ model: 'claude-sonnet-4-6', max_tokens: 512, messages: [{ role: 'user', content: 'Summarise the edition for an engineer.' }], ...extra }) as Anthropic.MessageCreateParamsNonStreaming;
/** A raw call, for bodies or headers the SDK would not produce. */
const raw = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${fake.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as InstanceType<typeof Anthropic.APIError>;
  }
  throw new Error('expected a rejection');
};

describe('fake Anthropic: messages through the real SDK', () => {
  it('answers a real-shaped message, with request-id, and logs what the SDK sent', async () => {
    const { data: msg, response } = await client.messages.create(ask()).withResponse();
    expect(msg).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', stop_reason: 'end_turn', stop_sequence: null });
    expect(msg.id).toMatch(/^msg_01/);
    expect(msg.content).toEqual([{ type: 'text', text: 'TL;DR: Summarise the edition for an engineer.', citations: null }]);
    expect(msg.usage).toMatchObject({ input_tokens: 10, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' });
    expect(response.headers.get('request-id')).toMatch(/^req_01/);
    const sent = fake.requests[0].headers;
    expect(sent.authorization).toBe('Bearer sk-ant-test');
    expect(sent['anthropic-version']).toBe('2026-10-21');
    expect(fake.calls[0].request.messages[0]).toEqual({ role: 'user', content: 'Summarise the edition for an engineer.' });
    expect(fake.totals).toMatchObject({ calls: 1, input_tokens: 10, output_tokens: 12 });
  });

  it('uses the pluggable responder; honours stop_sequences and max_tokens', async () => {
    fake.setResponder((req) => `For ${req.model}: the gist. END and more`);
    expect((await client.messages.create(ask({ stop_sequences: ['END'] }))).content[0]).toMatchObject({ text: 'For claude-sonnet-4-6: the gist. ' });
    const cut = await client.messages.create(ask({ max_tokens: 2 }));
    expect(cut).toMatchObject({ stop_reason: 'max_tokens', content: [{ text: 'For clau' }], usage: { output_tokens: 2 } });
  });

  it('a forced tool returns a tool_use block with the responder input (or a schema sample)', async () => {
    const tools = [{ name: 'write_tldr', description: 'TL;DR', input_schema: { type: 'object' as const, properties: { tldr: { type: 'string' }, minutes: { type: 'integer', minimum: 1 } }, required: ['tldr', 'minutes'] } }];
    const forced = ask({ tools, tool_choice: { type: 'tool', name: 'write_tldr' } });
    const sampled = await client.messages.create(forced);
    expect(sampled.stop_reason).toBe('tool_use');
    expect(sampled.content[0]).toMatchObject({ type: 'tool_use', name: 'write_tldr', input: { tldr: 'example', minutes: 1 } });
    fake.setResponder(() => ({ toolInput: { tldr: 'Amazon bets big.', minutes: 2 } }));
    expect((await client.messages.create(forced)).content[0]).toMatchObject({ input: { tldr: 'Amazon bets big.', minutes: 2 }, id: expect.stringMatching(/^toolu_/) });
  });

  it('structured output: output_config.format json_schema gives a text block of JSON; messages.parse parses it', async () => {
    const Tldr = z.object({ persona: z.enum(['engineer', 'investor']), tldr: z.string(), bullets: z.array(z.string()) });
    fake.setResponder(() => ({ json: { persona: 'engineer', tldr: 'Claude gets more compute.', bullets: ['$25B', 'Trainium'] } }));
    const parsed = await client.messages.parse(ask({ output_config: { format: zodOutputFormat(Tldr) } }));
    expect(parsed.parsed_output).toEqual({ persona: 'engineer', tldr: 'Claude gets more compute.', bullets: ['$25B', 'Trainium'] });
    expect(fake.calls[0].request.output_config?.format).toMatchObject({ type: 'json_schema', schema: { type: 'object' } });
    fake.setResponder();
    const sampled = await client.messages.parse(ask({ output_config: { format: zodOutputFormat(Tldr) } }));
    expect(Tldr.safeParse(sampled.parsed_output).success).toBe(true);
  });
});

describe('fake Anthropic: authentication and versions', () => {
  it('wrong key → 401 authentication_error (AuthenticationError, not retried)', async () => {
    const e = await rejection(new Anthropic({ apiKey: 'sk-ant-nope', baseURL: fake.url }).messages.create(ask()));
    expect(e).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(e).toMatchObject({ status: 401, type: 'authentication_error' });
    expect(e.requestID).toMatch(/^req_/);
    expect(fake.requests).toHaveLength(1);
  });

  it('accepts x-api-key; refuses a missing key, a missing or unknown anthropic-version', async () => {
    expect((await raw(ask())).status).toBe(200);
    const noKey = await raw(ask(), { 'x-api-key': '' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' }, request_id: expect.stringMatching(/^req_/) });
    const noVersion = await fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'sk-ant-test' }, body: JSON.stringify(ask()) });
    expect(await noVersion.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
    expect((await raw(ask(), { 'anthropic-version': '2024-01-01' })).status).toBe(400);
  });

  it('temperature: range-checked on 2023-06-01, refused on 2026-10-21 (what the SDK sends)', async () => {
    expect((await raw(ask({ temperature: 0.5 }))).status).toBe(200);
    expect(await (await raw(ask({ temperature: 1.5 }))).json()).toMatchObject({ error: { message: 'temperature: Input should be less than or equal to 1' } });
    const e = await rejection(client.messages.create(ask({ temperature: 0.5 })));
    expect(e).toMatchObject({ status: 400, type: 'invalid_request_error', apiMessage: 'temperature: Extra inputs are not permitted' });
  });
});

describe('fake Anthropic: request validation (400 invalid_request_error, 404 model)', () => {
  const block = (text: string, cache = false) => ({ type: 'text', text, ...(cache ? { cache_control: { type: 'ephemeral' } } : {}) });
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['max_tokens missing', { max_tokens: undefined }, /^max_tokens: Field required/],
    ['max_tokens 0', { max_tokens: 0 }, /greater than or equal to 1/],
    ['no messages', { messages: [] }, /at least one message/],
    ['first message from assistant', { messages: [{ role: 'assistant', content: 'hi' }] }, /first message must use the "user" role/],
    ['bad role', { messages: [{ role: 'bot', content: 'hi' }] }, /messages\.0\.role/],
    ['empty content', { messages: [{ role: 'user', content: '' }] }, /non-empty content/],
    ['unknown block type', { messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] }, /Input tag 'video'/],
    ['unknown top-level field', { persona: 'engineer' }, /^persona: Extra inputs are not permitted/],
    ['bad cache_control', { system: [{ type: 'text', text: 's', cache_control: { type: 'forever' } }] }, /cache_control\.type/],
    ['5 cache breakpoints', { system: [1, 2, 3, 4, 5].map((i) => block(`s${i}`, true)) }, /A maximum of 4 blocks with cache_control may be provided\. Found 5\./],
    ['tool_choice for a missing tool', { tools: [{ name: 'a', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'b' } }, /Tool 'b' not found/],
    ['duplicate tool names', { tools: [1, 2].map(() => ({ name: 'a', input_schema: { type: 'object' } })) }, /unique/],
    ['tool without input_schema', { tools: [{ name: 'a' }] }, /input_schema/],
    ['json_schema without schema', { output_config: { format: { type: 'json_schema' } } }, /schema: Field required/],
    ['document in an assistant turn', { messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }] }] }, /document blocks are not allowed/],
    ['streaming', { stream: true }, /streaming/],
  ];
  it.each(cases)('%s', async (_label, override, message) => {
    const e = await rejection(client.messages.create(ask(override), { maxRetries: 0 }));
    expect(e).toBeInstanceOf(Anthropic.BadRequestError);
    expect(e.type).toBe('invalid_request_error');
    expect(e.apiMessage).toMatch(message);
    expect(fake.calls).toHaveLength(0);
  });

  it('an unknown model is 404 not_found_error', async () => {
    const e = await rejection(client.messages.create(ask({ model: 'claude-imaginary-9' })));
    expect(e).toBeInstanceOf(Anthropic.NotFoundError);
    expect(e).toMatchObject({ status: 404, type: 'not_found_error', apiMessage: 'model: claude-imaginary-9' });
  });
});

describe('fake Anthropic: faults and the SDK retry policy', () => {
  it('429 rate_limit_error: maxRetries 0 throws RateLimitError; default retries succeed after one fault', async () => {
    fake.fail(1, { status: 429, retryAfter: 0.01 });
    const e = await rejection(client.messages.create(ask(), { maxRetries: 0 }));
    expect(e).toBeInstanceOf(Anthropic.RateLimitError);
    expect(e).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect(e.headers?.get('retry-after')).toBe('0.01');
    fake.fail(1, { status: 429, retryAfter: 0.01 });
    const ok = await client.messages.create(ask());
    expect(ok.type).toBe('message');
    expect(fake.requests.slice(1).map((r) => [r.status, r.headers['x-stainless-retry-count']])).toEqual([[429, '0'], [200, '1']]);
  });

  it('529 overloaded_error and 500 api_error are retried; with maxRetries 0 they surface', async () => {
    fake.fail(1, { status: 529, retryAfter: 0.01 });
    const e = await rejection(client.messages.create(ask(), { maxRetries: 0 }));
    expect(e).toBeInstanceOf(Anthropic.InternalServerError);
    expect(e).toMatchObject({ status: 529, type: 'overloaded_error' });
    fake.fail(1, { status: 529, retryAfter: 0.01 });
    fake.fail(1, { status: 500, retryAfter: 0.01 });
    expect((await client.messages.create(ask())).type).toBe('message');
    expect(fake.requests.slice(1).map((r) => r.errorType ?? r.status)).toEqual(['overloaded_error', 'api_error', 200]);
  });

  it('reset: APIConnectionError without retries, success with them', async () => {
    fake.reset(1);
    expect(await rejection(client.messages.create(ask(), { maxRetries: 0 }))).toBeInstanceOf(Anthropic.APIConnectionError);
    fake.reset(1);
    expect((await client.messages.create(ask(), { maxRetries: 1 })).type).toBe('message');
  });

  it('delay beyond the SDK timeout: APIConnectionTimeoutError', async () => {
    fake.delay(300, 1);
    const e = await rejection(client.messages.create(ask(), { maxRetries: 0, timeout: 50 }));
    expect(e).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });
});
