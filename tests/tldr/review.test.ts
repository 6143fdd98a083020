/**
 * What reaches the editor: malformed answers retried then dropped, invented figures re-asked then
 * flagged, the editor's own text surviving any regenerate, and clear 4xx for bad requests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAITHFUL, badThenFaithful, lastUserText, readerOf, SEED_EDITION_ID, tldrHarness, type TldrHarness } from './helpers.js';

let h: TldrHarness;
beforeEach(async () => {
  h = await tldrHarness();
});
afterEach(async () => {
  await h.close();
});

type View = { persona: string; language: string; text: string; why: string | null; source: string; flagged: boolean; flagReason: string | null; inputTokens: number; costUsd: number };
const tldrs = (path = '') => `/editions/${SEED_EDITION_ID}/tldrs${path}`;
async function write(path = ''): Promise<View[]> {
  const res = await h.t.admin(tldrs(path), { method: 'POST' });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: View[] }).data;
}
const find = (vs: View[], persona: string, language = 'en') => vs.find((v) => v.persona === persona && v.language === language)!;
const editorTldr = async () => ((await (await h.t.admin(`/editions/${SEED_EDITION_ID}`)).json()) as { tldr: string }).tldr;

describe('the JSON answer', () => {
  it('retries a malformed answer once and then uses the good one', async () => {
    h.fake.setResponder(badThenFaithful(() => 'Sure! Here is a summary: Amazon invested.'));
    const vs = await write();
    expect(h.fake.calls).toHaveLength(8);
    expect(vs.every((v) => v.source === 'claude')).toBe(true);
  });

  it('falls back, flagged, when the answer is malformed twice; the tokens spent still count', async () => {
    h.fake.setResponder((req) => (readerOf(req).persona === 'Engineer' ? { json: { tldr: 'Too short.', why: 'x' } } : { json: { tldr: FAITHFUL, why: 'It matters.' } }));
    const vs = await write();
    const eng = find(vs, 'engineer');
    expect(eng).toMatchObject({ source: 'fallback', flagged: true, text: await editorTldr(), why: null });
    expect(eng.flagReason).toMatch(/unusable twice: the TL;DR has 2 words/);
    expect(eng.inputTokens).toBeGreaterThan(0);
    expect(eng.costUsd).toBeGreaterThan(0);
    const engCalls = h.fake.calls.filter((c) => readerOf(c.request).persona === 'Engineer');
    expect(engCalls).toHaveLength(2);
    // The second ask says what was wrong, after the cached prefix.
    expect(lastUserText(engCalls[1].request)).toMatch(/2 words; it must have 40–90/);
    expect(engCalls[1].usage.cache_read_input_tokens).toBeGreaterThan(0);
  });

  it('refuses Markdown lists, and strips inline Markdown', async () => {
    h.fake.setResponder((req) =>
      readerOf(req).persona === 'Investor'
        ? { json: { tldr: `- ${FAITHFUL}\n- And more.`, why: 'Lists.' } }
        : { json: { tldr: `**Amazon** bet _big_: ${FAITHFUL} [Read more](https://example.com)`, why: '*Because* it matters.' } },
    );
    const vs = await write();
    expect(find(vs, 'investor')).toMatchObject({ source: 'fallback', flagged: true });
    expect(find(vs, 'investor').flagReason).toMatch(/Markdown/);
    const everyday = find(vs, 'everyday');
    expect(everyday.source).toBe('claude');
    expect(everyday.text.startsWith('Amazon bet big: Amazon committed')).toBe(true);
    expect(everyday.text).toMatch(/Read more$/);
    expect(everyday.why).toBe('Because it matters.');
  });

  it('rejects JSON with the wrong fields', async () => {
    h.fake.setResponder(badThenFaithful(() => ({ json: { summary: FAITHFUL } }), 2));
    const vs = await write();
    expect(vs.every((v) => v.source === 'fallback' && v.flagged)).toBe(true);
    expect(vs[0].flagReason).toMatch(/JSON is wrong/);
  });
});

describe('the faithfulness guard', () => {
  const inventing = () => ({ json: { tldr: FAITHFUL.replace('$25 billion', '$40 billion'), why: 'Big money.' } });

  it('re-asks naming the invented figure, then falls back and flags the variant', async () => {
    h.fake.setResponder(inventing);
    const vs = await write();
    expect(h.fake.calls).toHaveLength(8);
    for (const v of vs) {
      expect(v).toMatchObject({ source: 'fallback', flagged: true, flagReason: 'Figures not in the article: $40 billion' });
      expect(v.text).toBe(await editorTldr());
    }
    const second = h.fake.calls.filter((c) => c.request.messages.length === 3);
    expect(second).toHaveLength(4);
    expect(lastUserText(second[0].request)).toContain('these figures are not in the article: $40 billion');
    expect(second[0].request.messages[1]).toMatchObject({ role: 'assistant' });
  });

  it('keeps the corrected answer when the re-ask fixes the figure', async () => {
    h.fake.setResponder(badThenFaithful(inventing));
    const vs = await write();
    expect(vs.every((v) => v.source === 'claude' && !v.flagged && !v.text.includes('$40'))).toBe(true);
    expect(h.fake.calls).toHaveLength(8);
  });
});

describe('editor review', () => {
  it("stores the editor's text, which a regenerate never overwrites", async () => {
    await write();
    const put = await h.t.admin(tldrs('/everyday?lang=en'), { method: 'PUT', json: { text: 'My own words.', why: 'Because I say so.' } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ persona: 'everyday', language: 'en', source: 'editor', text: 'My own words.', why: 'Because I say so.' });
    const esPut = await h.t.admin(tldrs('/investor?lang=es-AR'), { method: 'PUT', json: { text: 'Mi resumen.' } });
    expect(await esPut.json()).toMatchObject({ persona: 'investor', language: 'es', source: 'editor', why: null });

    h.fake.clear();
    const vs = await write('?regenerate=everyday');
    expect(find(vs, 'everyday')).toMatchObject({ source: 'editor', text: 'My own words.' });
    expect(h.fake.calls).toHaveLength(0); // everyday has only the editor's variant

    const vs2 = await write('?regenerate=executive');
    expect(h.fake.calls).toHaveLength(1);
    expect(find(vs2, 'executive').source).toBe('claude');
    expect(find(vs2, 'investor', 'es')).toMatchObject({ source: 'editor', text: 'Mi resumen.' });
  });

  it('regenerate rewrites the Claude and fallback variants of that persona only', async () => {
    h.fake.setResponder(() => ({ json: { tldr: FAITHFUL.replace('$9 billion', '$7 billion'), why: 'x' } }));
    const first = await write();
    expect(first.every((v) => v.flagged)).toBe(true);
    h.fake.setResponder(() => ({ json: { tldr: FAITHFUL, why: 'Now right.' } }));
    const vs = await write('?regenerate=investor');
    expect(find(vs, 'investor')).toMatchObject({ source: 'claude', flagged: false, flagReason: null, why: 'Now right.' });
    expect(find(vs, 'engineer')).toMatchObject({ source: 'fallback', flagged: true });
  });

  it('a late write from Claude never replaces the editor\'s text; discarding keeps it too', async () => {
    const { saveGenerated, getVariant, discardGeneratedVariants, listVariants } = await import('../../src/tldr/store.js');
    await write();
    await h.t.admin(tldrs('/engineer'), { method: 'PUT', json: { text: 'Editor wins.' } });
    const ref = { persona: 'engineer', language: 'en' };
    const { id: _id, editionId: _e, createdAt: _c, updatedAt: _u, ...investor } = (await getVariant(h.t.deps.db, SEED_EDITION_ID, { persona: 'investor', language: 'en' }))!;
    const late = { ...investor, ...ref };
    await saveGenerated(h.t.deps.db, SEED_EDITION_ID, late, h.t.clock.now(), 'replace');
    expect(await getVariant(h.t.deps.db, SEED_EDITION_ID, ref)).toMatchObject({ source: 'editor', text: 'Editor wins.' });
    await discardGeneratedVariants(h.t.deps.db, SEED_EDITION_ID);
    expect((await listVariants(h.t.deps.db, SEED_EDITION_ID)).map((v) => v.source)).toEqual(['editor']);
  });

  it('answers 4xx naming what is wrong', async () => {
    const put = (path: string, init: Parameters<typeof h.t.admin>[1]) => h.t.admin(tldrs(path), { method: 'PUT', ...init });
    let res = await put('/ghost?lang=en', { json: { text: 'x' } });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('ghost');
    res = await put('/everyday?lang=xx', { json: { text: 'x' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_error', field: 'lang' } });
    expect(((await (await put('/everyday?lang=xx', { json: { text: 'x' } })).json()) as { error: { message: string } }).error.message).toContain('"xx"');
    res = await put('/everyday', { json: { text: '' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'text' } });
    res = await put('/everyday', { json: { text: 'ok', why: 'two\nlines' } });
    expect(res.status).toBe(400);
    res = await put('/everyday', { json: { text: 'ok', extra: 1 } });
    expect(res.status).toBe(400);
    res = await put('/everyday', { body: '{not json', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    res = await h.t.admin(tldrs('?regenerate=ghost'), { method: 'POST' });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('ghost');
    expect((await h.t.admin('/editions/999/tldrs')).status).toBe(404);
    expect((await h.t.app.request(`/api/admin${tldrs()}`)).status).toBe(401);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('refuses to change the variants of an edition that is sending', async () => {
    await write();
    const { editions } = await import('../../src/db/schema.js');
    await h.t.deps.db.update(editions).set({ status: 'sending' });
    expect((await h.t.admin(tldrs('/everyday'), { method: 'PUT', json: { text: 'Late.' } })).status).toBe(409);
    expect((await h.t.admin(tldrs('?regenerate=everyday'), { method: 'POST' })).status).toBe(409);
    expect((await h.t.admin(tldrs(), { method: 'POST' })).status).toBe(200);
  });
});
