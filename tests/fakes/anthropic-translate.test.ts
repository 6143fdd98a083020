/**
 * The fake Claude understands the translation request strictly, as the real API would: the
 * structured-output schema must be one the API accepts (every object `additionalProperties:
 * false`, no length or numeric constraints, no recursion), and the fake translator reads the
 * service's request to the letter (schema, cached article block, language, correction turn).
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTranslationRequest } from '../../src/translation/prompt.js';
import { startFakeAnthropic, type FakeAnthropic, type MessageRequest } from './anthropic-server.js';
import { pseudoTranslate, readTranslationRequest, withTranslations } from './anthropic-translate.js';

let fake: FakeAnthropic;
let client: Anthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clear();
  fake.setResponder();
});

const article = { title: 'Amazon bets $25 billion', dek: 'The dek.', body: 'The deal: $25 billion.\n\n## Why\n\n- [Source](https://example.com/a)\n- Two' };
const request = (extra: { correction?: { previous: typeof article; problem: string } } = {}) =>
  buildTranslationRequest('claude-sonnet-4-6', { article, from: 'en', language: 'es', ...extra }) as unknown as MessageRequest;
const withSchema = (schema: Record<string, unknown>) => ({ ...request(), output_config: { format: { type: 'json_schema', schema } } }) as unknown as MessageRequest;
const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as InstanceType<typeof Anthropic.APIError>;
  }
  throw new Error('expected a rejection');
};

describe('structured outputs: the schemas the API accepts', () => {
  it.each([
    ['an object without additionalProperties: false', { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }, /additionalProperties' must be explicitly set to false/],
    ['a string length', { type: 'object', properties: { title: { type: 'string', minLength: 1 } }, additionalProperties: false }, /properties\.title: 'minLength' is not supported/],
    ['a numeric bound', { type: 'object', properties: { n: { type: 'integer', maximum: 3 } }, additionalProperties: false }, /'maximum' is not supported/],
    ['minItems 2', { type: 'object', properties: { xs: { type: 'array', items: { type: 'string' }, minItems: 2 } }, additionalProperties: false }, /minItems: only 0 or 1/],
    ['a recursive $ref', { type: 'object', properties: { n: { $ref: '#/$defs/node' } }, additionalProperties: false, $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } }, additionalProperties: false } } }, /recursive schemas are not supported/],
    ['a required field that is not a property', { type: 'object', properties: {}, required: ['title'], additionalProperties: false }, /'title' is not among the properties/],
  ])('refuses %s with a 400, before answering', async (_what, schema, message) => {
    const e = await rejection(client.messages.create(withSchema(schema)));
    expect(e).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect(e.message).toMatch(message);
    expect(fake.calls).toHaveLength(0);
  });

  it('accepts the translation schema, and a strict tool only with a schema it accepts', async () => {
    expect((await client.messages.create(request())).stop_reason).toBe('end_turn');
    const tool = (input_schema: Record<string, unknown>) => ({ ...request(), output_config: undefined, tools: [{ name: 'translate', strict: true, input_schema }] }) as unknown as MessageRequest;
    expect((await client.messages.create(tool({ type: 'object', properties: { body: { type: 'string' } }, required: ['body'], additionalProperties: false }))).stop_reason).toBe('end_turn');
    expect(await rejection(client.messages.create(tool({ type: 'object', properties: { body: { type: 'string', maxLength: 9 } }, additionalProperties: false })))).toMatchObject({ status: 400 });
  });
});

describe('the fake translator', () => {
  it('reads the service’s request: the article from the cached block, the language, a correction', () => {
    expect(readTranslationRequest(request())).toEqual({ from: 'English', to: 'es', article, correction: null });
    const previous = pseudoTranslate(article, 'es');
    const again = readTranslationRequest(request({ correction: { previous, problem: 'these figures are not in the original: 35' } }));
    expect(again.correction).toEqual({ previous, problem: 'these figures are not in the original: 35' });
  });

  it('refuses a request that drifted: no cache breakpoint on the article, another schema, an unknown language', () => {
    const r = request();
    const uncached = { ...r, system: (r.system as { text: string }[]).map(({ text }) => ({ type: 'text', text })) } as MessageRequest;
    expect(() => readTranslationRequest(uncached)).toThrow(/cache breakpoint/);
    const schema = { ...r, output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { title: { type: 'string' }, body: { type: 'string' } }, required: ['title', 'body'], additionalProperties: false } } } } as MessageRequest;
    expect(() => readTranslationRequest(schema)).toThrow(/unexpected answer schema/);
    const klingon = { ...r, messages: [{ role: 'user', content: 'Translate the article into Klingon.' }] } as MessageRequest;
    expect(() => readTranslationRequest(klingon)).toThrow(/unknown language "Klingon"/);
  });

  it('answers through the real SDK with the translation JSON, structure and URLs kept', async () => {
    fake.setResponder(withTranslations(() => 'not a translation request'));
    const message = await client.messages.create(request());
    const answer = JSON.parse((message.content[0] as Anthropic.TextBlock).text) as typeof article;
    expect(answer.title).toBe('Amazon bets 25.000 millones de dólares');
    expect(answer.body).toContain('[Source](https://example.com/a)');
    expect(answer.body).toContain('## Por qué');
    expect((message.usage.cache_creation_input_tokens ?? 0) + message.usage.input_tokens).toBeGreaterThan(0);
  });
});
