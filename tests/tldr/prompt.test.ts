/** The request layout (cacheable prefix first), the answer's checks, and the price table. */
import { describe, expect, it } from 'vitest';
import { checkSummary, countWords, parseSummaryJson, stripMarkdown } from '../../src/tldr/output.js';
import { estimateCostUsd, priceOf, uncachedCostUsd } from '../../src/tldr/pricing.js';
import { buildMessageRequest, INSTRUCTIONS } from '../../src/tldr/prompt.js';
import type { SummaryRequest } from '../../src/tldr/summarizer.js';
import { FAITHFUL } from './helpers.js';

const article = { title: 'A title', dek: 'A dek', body: 'The body with $25 billion.' };
const req = (slug: string, language: string): SummaryRequest => ({
  article,
  persona: { slug, label: slug.toUpperCase(), description: `The ${slug} reader.` },
  language,
});

describe('buildMessageRequest', () => {
  it('puts the instructions and the article first, identical for every variant, with the breakpoint on the article', () => {
    const a = buildMessageRequest('m', req('everyday', 'en'));
    const b = buildMessageRequest('m', req('investor', 'es'));
    expect(a.system).toEqual(b.system);
    expect(a.system[0]).toEqual({ type: 'text', text: INSTRUCTIONS });
    expect(a.system[1].cache_control).toEqual({ type: 'ephemeral' });
    expect(a.system[1].text).toContain('The body with $25 billion.');
    expect(JSON.stringify(a.system)).not.toMatch(/everyday|EVERYDAY/);
    expect(b.messages).toEqual([{ role: 'user', content: expect.stringContaining('The investor reader.') }]);
    expect(b.messages[0].content).toContain('in Spanish (Español).');
    expect(a.output_config.format.type).toBe('json_schema');
    expect(a.output_config.format.schema).toMatchObject({ required: ['tldr', 'why'], additionalProperties: false });
  });

  it('asks again after the answer, with the problem, keeping the prefix', () => {
    const r = buildMessageRequest('m', { ...req('everyday', 'en'), correction: { previous: { tldr: 'T', why: 'W' }, problem: 'these figures are not in the article: $40 billion' } });
    expect(r.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(r.messages[1].content).toBe('{"tldr":"T","why":"W"}');
    expect(r.messages[2].content).toContain('$40 billion');
  });
});

describe('the answer', () => {
  it('parses the JSON, tolerating a code fence, and names what is wrong', () => {
    expect(parseSummaryJson('{"tldr":"a","why":"b"}')).toEqual({ ok: true, value: { tldr: 'a', why: 'b' } });
    expect(parseSummaryJson('```json\n{"tldr":"a","why":"b"}\n```').ok).toBe(true);
    expect(parseSummaryJson('TL;DR: nope')).toEqual({ ok: false, problem: 'the answer is not valid JSON' });
    expect(parseSummaryJson('{"tldr":"a"}')).toMatchObject({ ok: false, problem: expect.stringContaining('why') });
    expect(parseSummaryJson('{"tldr":"a","why":"b","x":1}').ok).toBe(false);
  });

  it('counts words per language', () => {
    expect(countWords('Amazon bet $25 billion on Anthropic.', 'en')).toBe(6);
    expect(countWords('アマゾンはアンソロピックに250億ドルを投資した。', 'ja')).toBeGreaterThan(5);
  });

  it('strips inline Markdown and a leading label', () => {
    expect(stripMarkdown('TL;DR: **Big** _news_ and `code` [link](https://x.y) *here*\n\nnext')).toBe('Big news and code link here next');
    expect(stripMarkdown('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
  });

  it('reads inline Markdown as Markdown does: nested parentheses, code as written, escapes, alt text', () => {
    expect(stripMarkdown('Read [Anthropic](https://en.wikipedia.org/wiki/Anthropic_(company)) today')).toBe('Read Anthropic today');
    expect(stripMarkdown('the `_init_` method and `**kwargs`')).toBe('the _init_ method and **kwargs');
    expect(stripMarkdown('\\*not emphasis\\* and a \\_literal\\_')).toBe('*not emphasis* and a _literal_');
    expect(stripMarkdown('![Chart: revenue](https://x.y/c.png) grew ***very*** fast, **_twice_**')).toBe('Chart: revenue grew very fast, twice');
    expect(stripMarkdown('**TL;DR:** <https://x.y> and https://a.b/c')).toBe('https://x.y and https://a.b/c');
  });

  it('keeps what is more likely a figure than emphasis: one tilde for "about", asterisks inside a word', () => {
    expect(stripMarkdown('from ~$25B to ~$30B, up ~~from~~ a lot')).toBe('from ~$25B to ~$30B, up from a lot');
    expect(stripMarkdown('ranges of 5~8% and 10~12%, from~$25B to~$30B')).toBe('ranges of 5~8% and 10~12%, from~$25B to~$30B');
    expect(stripMarkdown('a 2*3 grid, 2*3*4 and x**2**y')).toBe('a 2*3 grid, 2*3*4 and x**2**y');
  });

  it('keeps 40–90 words of prose and a one-line why', () => {
    expect(checkSummary({ tldr: FAITHFUL, why: 'It matters.' }, 'en')).toMatchObject({ ok: true });
    expect(checkSummary({ tldr: 'Short.', why: 'x' }, 'en')).toMatchObject({ ok: false, problem: expect.stringMatching(/1 words/) });
    expect(checkSummary({ tldr: `${FAITHFUL} ${FAITHFUL}`, why: 'x' }, 'en')).toMatchObject({ ok: false });
    expect(checkSummary({ tldr: `## Heading\n${FAITHFUL}`, why: 'x' }, 'en')).toMatchObject({ ok: false, problem: expect.stringMatching(/Markdown/) });
    expect(checkSummary({ tldr: FAITHFUL, why: 'x'.repeat(300) }, 'en')).toMatchObject({ ok: false });
  });
});

describe('pricing', () => {
  const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheWriteTokens: 1_000_000, cacheReadTokens: 1_000_000 };
  it('prices at list price: input, output, cache write 1.25×, cache read 0.1×; batch half', () => {
    expect(estimateCostUsd('claude-sonnet-4-6', usage)).toBeCloseTo(3 + 15 + 3.75 + 0.3, 6);
    expect(estimateCostUsd('claude-haiku-4-5', usage)).toBeCloseTo(1 + 5 + 1.25 + 0.1, 6);
    expect(estimateCostUsd('claude-opus-4-5', usage)).toBeCloseTo(5 + 25 + 6.25 + 0.5, 6);
    expect(estimateCostUsd('claude-sonnet-4-6', usage, { batch: true })).toBeCloseTo((3 + 15 + 3.75 + 0.3) / 2, 6);
    expect(uncachedCostUsd('claude-sonnet-4-6', usage)).toBeCloseTo(9 + 15, 6);
    expect(priceOf('some-future-model')).toEqual({ input: 3, output: 15 });
  });
});
