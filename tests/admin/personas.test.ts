/**
 * Admin personas: /api/admin/personas — list, create, get, patch, delete; the default persona
 * is unique and cannot be deleted; failures change nothing.
 */
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personas, subscribers } from '../../src/db/schema.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());


async function personaRows() {
  return t.deps.db.select().from(personas).orderBy(personas.slug);
}

const newPersona = {
  slug: 'policy-maker',
  label: 'Policy maker',
  description: 'A regulator or legislative staffer who needs the policy angle: competition, safety and rules.',
};

describe('GET /personas', () => {
  it('lists the four default personas in order, everyday reader as the default', async () => {
    const res = await t.admin('/personas');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { id: string; slug: string; label: string; description: string; isDefault: boolean }[] };
    expect(data.map((p) => p.slug)).toEqual(['everyday', 'executive', 'engineer', 'investor']);
    expect(data.filter((p) => p.isDefault).map((p) => p.slug)).toEqual(['everyday']);
    for (const p of data) {
      expect(p.id).toBe(p.slug);
      expect(p.description.length).toBeGreaterThan(40);
    }
  });
});

describe('POST /personas', () => {
  it('creates a persona: 201 with the resource, id at the top level, appended to the list', async () => {
    const res = await t.admin('/personas', { method: 'POST', json: newPersona });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'policy-maker', ...newPersona, isDefault: false });
    const list = (await (await t.admin('/personas')).json()) as { data: { slug: string }[] };
    expect(list.data.map((p) => p.slug).at(-1)).toBe('policy-maker');
    expect((await t.admin('/personas/policy-maker')).status).toBe(200);
  });

  it('a new default persona takes the default from the old one: exactly one default', async () => {
    const res = await t.admin('/personas', { method: 'POST', json: { ...newPersona, isDefault: true } });
    expect(res.status).toBe(201);
    const defaults = (await personaRows()).filter((p) => p.isDefault).map((p) => p.slug);
    expect(defaults).toEqual(['policy-maker']);
  });

  it('refuses a duplicate slug with 409 and keeps the original', async () => {
    const res = await t.admin('/personas', { method: 'POST', json: { ...newPersona, slug: 'engineer' } });
    await expectError(res, 409, 'conflict', /engineer.*already exists/);
    const engineer = (await personaRows()).find((p) => p.slug === 'engineer')!;
    expect(engineer.label).toBe('Engineer');
  });

  it.each([
    ['a slug with capitals', { ...newPersona, slug: 'Policy Maker' }, /slug/],
    ['a missing label', { slug: 'x', description: newPersona.description }, /label/],
    ['a blank label', { ...newPersona, label: '   ' }, /label/],
    ['a label with a line break', { ...newPersona, label: 'Policy\nmaker' }, /label/],
    ['a description too short to describe anyone', { ...newPersona, description: 'short' }, /description/],
    ['a description over 2000 characters', { ...newPersona, description: 'x'.repeat(2001) }, /description/],
    ['a wrong type', { ...newPersona, isDefault: 'yes' }, /isDefault/],
    ['a number as label', { ...newPersona, label: 42 }, /label/],
    ['an unknown field', { ...newPersona, prompt: 'be nice' }, /unknown field.*prompt/],
    ['an array instead of an object', [newPersona], /expected object|body/i],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_what, json, mentions) => {
    const before = await personaRows();
    const res = await t.admin('/personas', { method: 'POST', json });
    await expectError(res, 400, 'validation_error', mentions);
    expect(await personaRows()).toEqual(before);
  });

  it('refuses malformed JSON with 400 and a non-JSON body with 415', async () => {
    await expectError(
      await t.admin('/personas', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"slug": "x",' }),
      400,
      'bad_request',
      /malformed JSON/,
    );
    await expectError(await t.admin('/personas', { method: 'POST', body: 'slug=x' }), 415, 'unsupported_media_type');
    expect(await personaRows()).toHaveLength(4);
  });
});

describe('GET /personas/:slug', () => {
  it('returns one persona, 404 for an unknown slug', async () => {
    const res = await t.admin('/personas/investor');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'investor', slug: 'investor', label: 'Investor', isDefault: false });
    await expectError(await t.admin('/personas/astronaut'), 404, 'not_found', /astronaut/);
  });
});

describe('PATCH /personas/:slug', () => {
  it('changes label and description, and nothing else', async () => {
    const res = await t.admin('/personas/engineer', { method: 'PATCH', json: { label: 'Software engineer' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: 'engineer', label: 'Software engineer', isDefault: false });
    const row = (await personaRows()).find((p) => p.slug === 'engineer')!;
    expect(row.label).toBe('Software engineer');
    expect(row.description).toMatch(/software engineer who builds/);
  });

  it('making another persona the default moves the default', async () => {
    const res = await t.admin('/personas/executive', { method: 'PATCH', json: { isDefault: true } });
    expect(res.status).toBe(200);
    expect((await personaRows()).filter((p) => p.isDefault).map((p) => p.slug)).toEqual(['executive']);
  });

  it('refuses to leave no default (409), an unknown field or a renamed slug (400), an unknown persona (404)', async () => {
    const before = await personaRows();
    await expectError(await t.admin('/personas/everyday', { method: 'PATCH', json: { isDefault: false } }), 409, 'conflict', /default/);
    await expectError(await t.admin('/personas/everyday', { method: 'PATCH', json: { slug: 'reader' } }), 400, 'validation_error', /slug/);
    await expectError(await t.admin('/personas/everyday', { method: 'PATCH', json: { label: '' } }), 400, 'validation_error', /label/);
    await expectError(await t.admin('/personas/astronaut', { method: 'PATCH', json: { label: 'Astronaut' } }), 404, 'not_found');
    await expectError(
      await t.admin('/personas/everyday', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{label:' }),
      400,
      'bad_request',
    );
    expect(await personaRows()).toEqual(before);
  });
});

describe('DELETE /personas/:slug', () => {
  it('deletes a persona and moves its readers to the default persona', async () => {
    const created = await t.admin('/subscribers', { method: 'POST', json: { email: 'inv@example.com', persona: 'investor' } });
    const { id } = (await created.json()) as { id: string };
    const res = await t.admin('/personas/investor', { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await personaRows()).map((p) => p.slug)).not.toContain('investor');
    const row = await t.deps.db.select().from(subscribers).where(eq(subscribers.id, id)).get();
    expect(row?.persona).toBe('everyday');
    await expectError(await t.admin('/personas/investor'), 404, 'not_found');
  });

  it('refuses to delete the default persona (409) and keeps it and its readers', async () => {
    await t.admin('/subscribers', { method: 'POST', json: { email: 'reader@example.com' } });
    await expectError(await t.admin('/personas/everyday', { method: 'DELETE' }), 409, 'conflict', /default persona cannot be deleted/);
    expect((await personaRows()).map((p) => p.slug)).toContain('everyday');
    const n = await t.deps.db.get<{ n: number }>(sql`select count(*) as n from subscribers where persona = 'everyday'`);
    expect(n.n).toBe(1);
  });

  it('the old default can be deleted once another persona is the default', async () => {
    await t.admin('/personas/engineer', { method: 'PATCH', json: { isDefault: true } });
    expect((await t.admin('/personas/everyday', { method: 'DELETE' })).status).toBe(204);
    expect((await personaRows()).map((p) => p.slug)).toEqual(['engineer', 'executive', 'investor']);
  });

  it('answers 404 for an unknown persona', async () => {
    await expectError(await t.admin('/personas/astronaut', { method: 'DELETE' }), 404, 'not_found');
    expect(await personaRows()).toHaveLength(4);
  });
});
