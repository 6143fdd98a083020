/**
 * Admin subscribers: /api/admin/subscribers — create, get, patch, delete (erasure), and the list
 * with its filters and cursor pagination. Every refused request leaves the table as it was.
 */
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryClicks, editionLinks } from '../../src/db/feedback-schema.js';
import { deliveries, editions, subscribers, suppressions, unsubscribes } from '../../src/db/schema.js';
import { dumpDatabase } from '../retention/helpers.js';
import { emailHash } from '../../src/subscribers/email.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { expectError } from '../helpers/http.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

interface SubscriberView {
  id: string;
  email: string;
  name: string | null;
  persona: string;
  language: string;
  status: string;
  source: string;
  createdAt: string;
  updatedAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}


const rows = () => t.deps.db.select().from(subscribers).orderBy(subscribers.id);
const count = async () => (await t.deps.db.get<{ n: number }>(sql`select count(*) as n from subscribers`)).n;

async function create(json: Record<string, unknown>): Promise<SubscriberView> {
  const res = await t.admin('/subscribers', { method: 'POST', json });
  expect(res.status).toBe(201);
  return (await res.json()) as SubscriberView;
}

async function list(query = ''): Promise<{ data: SubscriberView[]; nextCursor: string | null }> {
  const res = await t.admin(`/subscribers${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { data: SubscriberView[]; nextCursor: string | null };
}

describe('POST /subscribers', () => {
  it('creates an active subscriber with the default persona and English; 201 with the resource', async () => {
    const s = await create({ email: '  Ana.Garcia@Example.COM ', name: ' Ana García ' });
    expect(s).toMatchObject({
      email: 'ana.garcia@example.com',
      name: 'Ana García',
      persona: 'everyday',
      language: 'en',
      status: 'active',
      source: 'api',
      createdAt: '2026-11-26T10:00:00.000Z',
      confirmedAt: '2026-11-26T10:00:00.000Z',
    });
    expect(s.id).toMatch(/^sub_[0-9a-z]{9}[0-9a-f]{20}$/);
    expect(s).not.toHaveProperty('tokenVersion');
    const stored = await t.deps.db.select().from(subscribers).where(eq(subscribers.id, s.id)).get();
    expect(stored).toMatchObject({ email: 'ana.garcia@example.com', tokenVersion: 1 });
  });

  it('takes persona, language (normalised: es-AR → es) and a pending status', async () => {
    const s = await create({ email: 'b@example.com', persona: 'investor', language: 'es-AR', status: 'pending' });
    expect(s).toMatchObject({ persona: 'investor', language: 'es', status: 'pending', confirmedAt: null });
  });

  it.each([
    ['an invalid email', { email: 'not-an-email' }, /email/],
    ['an email with a display name', { email: 'Ana <ana@example.com>' }, /email/],
    ['an email with a line break', { email: 'ana@example.com\r\nBcc: x@example.com' }, /email/],
    ['a missing email', { name: 'Nobody' }, /email/],
    ['an email of the wrong type', { email: 42 }, /email/],
    ['an over-long email', { email: `${'a'.repeat(250)}@example.com` }, /email/],
    ['an unknown persona', { email: 'c@example.com', persona: 'astronaut' }, /persona.*astronaut/],
    ['an unknown language', { email: 'c@example.com', language: 'klingon' }, /language/],
    ['a name with a line break', { email: 'c@example.com', name: 'Ana\r\nBcc: x' }, /name/],
    ['a name over 100 characters', { email: 'c@example.com', name: 'x'.repeat(101) }, /name/],
    ['a status an admin cannot create', { email: 'c@example.com', status: 'bounced' }, /status/],
    ['an unknown field', { email: 'c@example.com', tags: ['vip'] }, /unknown field.*tags/],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_what, json, mentions) => {
    await create({ email: 'existing@example.com' });
    const res = await t.admin('/subscribers', { method: 'POST', json });
    await expectError(res, 400, 'validation_error', mentions);
    expect(await count()).toBe(1);
  });

  it('refuses a duplicate email, whatever its case, with 409; the original is untouched', async () => {
    const first = await create({ email: 'dup@example.com', name: 'First' });
    await expectError(await t.admin('/subscribers', { method: 'POST', json: { email: 'DUP@example.com', name: 'Second' } }), 409, 'conflict', /already exists/);
    expect(await rows()).toEqual([expect.objectContaining({ id: first.id, name: 'First' })]);
  });

  it('refuses a suppressed (bounced or complained) address with 409', async () => {
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash('gone@example.com'), reason: 'bounce' });
    await expectError(await t.admin('/subscribers', { method: 'POST', json: { email: 'Gone@example.com' } }), 409, 'conflict', /suppressed/);
    expect(await count()).toBe(0);
  });

  it('refuses malformed JSON (400) and other content types (415)', async () => {
    await expectError(
      await t.admin('/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@b.co"' }),
      400,
      'bad_request',
      /JSON/,
    );
    await expectError(
      await t.admin('/subscribers', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.co' }),
      415,
      'unsupported_media_type',
    );
    expect(await count()).toBe(0);
  });
});

describe('GET /subscribers/:id', () => {
  it('returns the subscriber; 404 for an unknown id', async () => {
    const s = await create({ email: 'get@example.com' });
    const res = await t.admin(`/subscribers/${s.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(s);
    await expectError(await t.admin('/subscribers/sub_000000000aaaaaaaaaaaaaaaaaaaa'), 404, 'not_found');
  });
});

describe('PATCH /subscribers/:id', () => {
  it('changes name, persona and language, and updates updatedAt', async () => {
    const s = await create({ email: 'p@example.com', name: 'Old' });
    t.clock.advance(60_000);
    const res = await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { name: 'New', persona: 'engineer', language: 'pt_BR' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'New', persona: 'engineer', language: 'pt', email: 'p@example.com', updatedAt: '2026-11-26T10:01:00.000Z' });
  });

  it('clears the name with null', async () => {
    const s = await create({ email: 'p@example.com', name: 'Old' });
    const res = await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { name: null } });
    expect(await res.json()).toMatchObject({ name: null });
  });

  it('a new email revokes every reader link (token version goes up)', async () => {
    const s = await create({ email: 'old@example.com' });
    const res = await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { email: 'New@Example.com' } });
    expect(await res.json()).toMatchObject({ email: 'new@example.com' });
    const row = await t.deps.db.select().from(subscribers).where(eq(subscribers.id, s.id)).get();
    expect(row?.tokenVersion).toBe(2);
  });

  it('unsubscribing records when', async () => {
    const s = await create({ email: 'u@example.com' });
    const res = await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { status: 'unsubscribed' } });
    expect(await res.json()).toMatchObject({ status: 'unsubscribed', unsubscribedAt: '2026-11-26T10:00:00.000Z' });
  });

  it('refuses bad patches and leaves the row exactly as it was', async () => {
    const a = await create({ email: 'a@example.com', name: 'A' });
    await create({ email: 'b@example.com' });
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash('gone@example.com'), reason: 'complaint' });
    const before = await rows();
    const patch = (json: unknown) => t.admin(`/subscribers/${a.id}`, { method: 'PATCH', json });
    await expectError(await patch({ email: 'B@example.com' }), 409, 'conflict', /already exists/);
    await expectError(await patch({ email: 'gone@example.com' }), 409, 'conflict', /suppressed/);
    await expectError(await patch({ persona: 'astronaut' }), 400, 'validation_error', /persona/);
    await expectError(await patch({ email: 'nope' }), 400, 'validation_error', /email/);
    await expectError(await patch({ status: 'paused' }), 400, 'validation_error', /status/);
    await expectError(await patch({ language: 7 }), 400, 'validation_error', /language/);
    await expectError(await patch({ id: 'sub_x' }), 400, 'validation_error', /unknown field.*id/);
    await expectError(
      await t.admin(`/subscribers/${a.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: 'name=x' }),
      400,
      'bad_request',
    );
    await expectError(await t.admin('/subscribers/sub_000000000aaaaaaaaaaaaaaaaaaaa', { method: 'PATCH', json: { name: 'X' } }), 404, 'not_found');
    expect(await rows()).toEqual(before);
  });

  it('a suppressed address cannot be reactivated', async () => {
    const s = await create({ email: 'gone@example.com' });
    await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { status: 'unsubscribed' } });
    await t.deps.db.insert(suppressions).values({ emailHash: emailHash('gone@example.com'), reason: 'bounce' });
    await expectError(await t.admin(`/subscribers/${s.id}`, { method: 'PATCH', json: { status: 'active' } }), 409, 'conflict', /suppressed/);
    expect((await rows())[0].status).toBe('unsubscribed');
  });
});

describe('DELETE /subscribers/:id', () => {
  it('erases the personal data: the row, the frozen copies in deliveries, their provider ids and unsubscribes', async () => {
    const s = await create({ email: 'erase.me@example.com', name: 'Erase Me' });
    const keep = await create({ email: 'keep@example.com', name: 'Keep' });
    const db = t.deps.db;
    const [edition] = await db.select().from(editions).limit(1);
    await db.update(editions).set({ status: 'sent' }).where(eq(editions.id, edition.id));
    const delivery = (who: SubscriberView, seq: number) => ({
      editionId: edition.id, subscriberId: who.id, seq, batchNumber: 0, email: who.email, name: who.name, persona: who.persona,
      language: who.language, tokenVersion: 1, status: 'failed' as const, providerId: `re_${seq}_provider`, error: `${who.email} is on a block list`,
      feedback: 'clicked', deliveredAt: new Date(), clickedAt: new Date(),
    });
    const [d1] = await db.insert(deliveries).values(delivery(s, 0)).returning();
    const [d2] = await db.insert(deliveries).values(delivery(keep, 1)).returning();
    const [link] = await db.insert(editionLinks).values({ editionId: edition.id, url: 'https://example.com/a' }).returning();
    await db.insert(deliveryClicks).values([{ deliveryId: d1.id, linkId: link.id }, { deliveryId: d2.id, linkId: link.id }]);
    await db.insert(unsubscribes).values([{ subscriberId: s.id, editionId: edition.id, persona: s.persona }, { subscriberId: s.id, editionId: null, persona: s.persona }]);
    await db.insert(suppressions).values({ emailHash: emailHash(s.email), reason: 'complaint' });

    const res = await t.admin(`/subscribers/${s.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);

    expect((await rows()).map((r) => r.email)).toEqual(['keep@example.com']);
    const erased = await db.select().from(deliveries).where(eq(deliveries.id, d1.id)).get();
    // The counts stay: it was sent, failed, clicked; nothing says by whom.
    expect(erased).toMatchObject({ email: 'erased@invalid', name: null, providerId: null, status: 'failed', feedback: 'clicked', error: '[erased] is on a block list' });
    expect(await db.select().from(deliveryClicks)).toHaveLength(2);
    expect(await db.select().from(unsubscribes)).toHaveLength(2);
    // Nothing of the address, the name or the id is left anywhere in the database but its suppression hash.
    const dump = await dumpDatabase(db);
    for (const personal of ['erase.me', 'Erase Me', s.id, 're_0_provider']) expect(dump).not.toContain(personal);
    // The other subscriber's data is untouched; the suppression outlives the erasure.
    expect(await db.select().from(deliveries).where(eq(deliveries.id, d2.id)).get()).toMatchObject({ email: 'keep@example.com', subscriberId: keep.id, providerId: 're_1_provider' });
    expect(await db.select().from(suppressions)).toHaveLength(1);
    await expectError(await t.admin(`/subscribers/${s.id}`), 404, 'not_found');
    await expectError(await t.admin('/subscribers', { method: 'POST', json: { email: s.email } }), 409, 'conflict', /suppressed/);
  });

  it('answers 404 for an unknown id (and a second delete)', async () => {
    const s = await create({ email: 'once@example.com' });
    expect((await t.admin(`/subscribers/${s.id}`, { method: 'DELETE' })).status).toBe(204);
    await expectError(await t.admin(`/subscribers/${s.id}`, { method: 'DELETE' }), 404, 'not_found');
  });
});

describe('GET /subscribers', () => {
  async function seedMany() {
    const made: SubscriberView[] = [];
    const spec: [string, string, string, string][] = [
      ['a@example.com', 'everyday', 'en', 'active'],
      ['b@example.com', 'engineer', 'es', 'active'],
      ['c@example.com', 'engineer', 'en', 'pending'],
      ['d@example.com', 'investor', 'en', 'active'],
      ['e@example.com', 'engineer', 'es', 'active'],
      ['f@example.com', 'everyday', 'fr', 'pending'],
      ['g@example.com', 'executive', 'en', 'active'],
    ];
    for (const [email, persona, language, status] of spec) {
      made.push(await create({ email, persona, language, status }));
      t.clock.advance(1000);
    }
    await t.admin(`/subscribers/${made[3].id}`, { method: 'PATCH', json: { status: 'unsubscribed' } });
    return made;
  }

  it('lists everyone in creation order with no next cursor when it fits', async () => {
    await seedMany();
    const page = await list();
    expect(page.data.map((s) => s.email)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x) => `${x}@example.com`));
    expect(page.nextCursor).toBeNull();
  });

  it('filters by status, persona, language and email, alone and combined', async () => {
    await seedMany();
    const emails = async (q: string) => (await list(q)).data.map((s) => s.email[0]).join('');
    expect(await emails('?status=active')).toBe('abeg');
    expect(await emails('?status=pending')).toBe('cf');
    expect(await emails('?status=unsubscribed')).toBe('d');
    expect(await emails('?persona=engineer')).toBe('bce');
    expect(await emails('?language=es')).toBe('be');
    expect(await emails('?persona=engineer&status=active&language=es')).toBe('be');
    expect(await emails('?email=C%40Example.com')).toBe('c');
    expect(await emails('?status=bounced')).toBe('');
  });

  it('pages with a cursor: every subscriber exactly once, in order, then a null cursor', async () => {
    const made = await seedMany();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((s) => s.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((s) => s.id));
  });

  it('pages a filtered list too', async () => {
    await seedMany();
    const first = await list('?persona=engineer&limit=2');
    expect(first.data.map((s) => s.email)).toEqual(['b@example.com', 'c@example.com']);
    expect(first.nextCursor).toBe(first.data[1].id);
    const second = await list(`?persona=engineer&limit=2&cursor=${first.nextCursor}`);
    expect(second.data.map((s) => s.email)).toEqual(['e@example.com']);
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    ['a malformed cursor', '?cursor=1%20OR%201=1', /cursor/],
    ['an unknown status', '?status=paused', /status/],
    ['a limit of 0', '?limit=0', /limit/],
    ['a limit over 1000', '?limit=1001', /limit/],
    ['a limit that is not a number', '?limit=ten', /limit/],
    ['an unknown filter', '?country=AR', /unknown field.*country/],
    ['an invalid email filter', '?email=nope', /email/],
  ])('refuses %s with a 400 naming the parameter', async (_what, query, mentions) => {
    await expectError(await t.admin(`/subscribers${query}`), 400, 'validation_error', mentions);
  });
});
