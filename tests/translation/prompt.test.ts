/**
 * The translation request (pure): the instructions and the article first, byte for byte the same
 * for every language, with the cache breakpoint on the article; the language and a correction
 * after it; an output cap that fits the article; and the answer's JSON read strictly.
 */
import { describe, expect, it } from 'vitest';
import { parseTranslationJson } from '../../src/translation/output.js';
import { buildTranslationRequest, MAX_TRANSLATION_TOKENS, maxTokensFor, TRANSLATION_INSTRUCTIONS } from '../../src/translation/prompt.js';

const article = { title: 'A title with $25 billion', dek: 'A dek', body: 'The body.\n\n## A heading\n\nMore.' };

describe('buildTranslationRequest', () => {
  it('puts the instructions and the article first, identical for every language, with the breakpoint on the article', () => {
    const es = buildTranslationRequest('m', { article, from: 'en', language: 'es' });
    const ja = buildTranslationRequest('m', { article, from: 'en', language: 'ja' });
    expect(es.system).toEqual(ja.system);
    expect(es.system[0]).toEqual({ type: 'text', text: TRANSLATION_INSTRUCTIONS });
    expect(es.system[1]).toEqual({
      type: 'text',
      text: '<article language="English">\n<title>A title with $25 billion</title>\n<dek>A dek</dek>\n<body>\nThe body.\n\n## A heading\n\nMore.\n</body>\n</article>',
      cache_control: { type: 'ephemeral' },
    });
    expect(es.messages).toEqual([{ role: 'user', content: 'Translate the article into Spanish (Español).' }]);
    expect(ja.messages[0].content).toBe('Translate the article into Japanese (日本語).');
    expect(es.output_config.format.schema).toEqual({
      type: 'object',
      properties: { title: expect.any(Object), dek: expect.any(Object), body: expect.any(Object) },
      required: ['title', 'dek', 'body'],
      additionalProperties: false,
    });
  });

  it('asks again after the refused answer, with the problem, keeping the prefix', () => {
    const previous = { title: 'T', dek: 'D', body: 'B' };
    const r = buildTranslationRequest('m', { article, from: 'en', language: 'es', correction: { previous, problem: 'these figures are not in the original: 35' } });
    expect(r.system).toEqual(buildTranslationRequest('m', { article, from: 'en', language: 'es' }).system);
    expect(r.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(r.messages[1].content).toBe('{"title":"T","dek":"D","body":"B"}');
    expect(r.messages[2].content).toBe('That translation cannot be used: these figures are not in the original: 35. Translate the whole article into Spanish (Español) again, following every rule.');
  });

  it('leaves room for about twice the article, up to the cap', () => {
    expect(maxTokensFor(article)).toBeGreaterThan(Math.ceil((article.title.length + article.body.length) / 4) * 2);
    expect(maxTokensFor({ ...article, body: 'x'.repeat(200_000) })).toBe(MAX_TRANSLATION_TOKENS);
  });
});

describe('the answer', () => {
  it('reads the JSON (a code fence tolerated) and names what is wrong', () => {
    expect(parseTranslationJson('```json\n{"title":"T","dek":"","body":"B"}\n```')).toEqual({ ok: true, value: { title: 'T', dek: '', body: 'B' } });
    expect(parseTranslationJson('Aquí está la traducción')).toEqual({ ok: false, problem: 'the answer is not valid JSON' });
    expect(parseTranslationJson('{"title":"T","dek":"","body":" "}')).toEqual({ ok: false, problem: "the answer's JSON is wrong: body is empty" });
    expect(parseTranslationJson('{"title":"T","dek":"","body":"B","notes":"x"}')).toMatchObject({ ok: false });
  });
});
