/** Shared helpers for the reader and web tests: requests, tokens, rows, seeded data. */
import { eq, sql } from 'drizzle-orm';
import { webhookReceipts } from '../../src/db/feedback-schema.js';
import { deliveries, editions, subscribers, suppressions, unsubscribes, type Subscriber } from '../../src/db/schema.js';
import { transactionalMessages } from '../../src/db/transactional-schema.js';
import type { Db } from '../../src/db/types.js';
import { signToken, type TokenPurpose } from '../../src/reader/tokens.js';
import { makeTestApp, TOKEN_SECRET, type TestApp } from '../helpers/app.js';

let ip = 0;
/** A fresh client address per call, so tests that are not about the rate limit never hit it. */
export const freshIp = () => `198.51.100.${(ip = (ip % 250) + 1)}`;

/** The env @hono/node-server hands the app: the socket the client connected from. */
export const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

/** A JSON post from `client` (a fresh socket address unless given). */
export function postJson(t: TestApp, path: string, body: unknown, headers: Record<string, string> = {}, client = freshIp()) {
  return t.app.request(
    path,
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) },
    fromAddress(client),
  );
}

/** What Chromium sends with a page navigation or a form post. */
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

/** A form post as a browser sends it (it prefers HTML) from `client` (a fresh socket address unless given); pass another `accept` to be an API client. */
export function postForm(t: TestApp, path: string, fields: Record<string, string>, headers: Record<string, string> = {}, client = freshIp()) {
  return t.app.request(
    path,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER_ACCEPT, ...headers }, body: new URLSearchParams(fields).toString() },
    fromAddress(client),
  );
}

export function tokenFor(s: Pick<Subscriber, 'id' | 'tokenVersion'>, purpose: TokenPurpose, expiresAtMs?: number) {
  return signToken(TOKEN_SECRET, purpose, { subscriberId: s.id, version: s.tokenVersion }, expiresAtMs);
}

export async function subscriberByEmail(db: Db, email: string): Promise<Subscriber> {
  const s = await db.select().from(subscribers).where(eq(subscribers.email, email)).get();
  if (!s) throw new Error(`no subscriber ${email}`);
  return s;
}

/** Row counts of every table a reader action may write. */
export async function counts(db: Db) {
  const n = async (table: typeof subscribers | typeof webhookReceipts | typeof suppressions | typeof unsubscribes | typeof transactionalMessages) =>
    (await db.select({ n: sql<number>`count(*)` }).from(table).get())!.n;
  return {
    subscribers: await n(subscribers),
    receipts: await n(webhookReceipts),
    suppressions: await n(suppressions),
    unsubscribes: await n(unsubscribes),
    transactional: await n(transactionalMessages),
  };
}

/** The confirm link in an email's HTML. */
export function confirmLink(html: string): string {
  const m = /href="(https?:\/\/[^"]+\/confirm\/[^"]+)"/.exec(html);
  if (!m) throw new Error('no confirm link in the email');
  return m[1].replace(/&amp;/g, '&');
}

/** Creates an active subscriber through the admin API. */
export async function activeSubscriber(t: TestApp, email: string, extra: Record<string, unknown> = {}): Promise<Subscriber> {
  const res = await t.admin('/subscribers', { method: 'POST', json: { email, status: 'active', ...extra } });
  if (res.status !== 201) throw new Error(`create subscriber: ${res.status} ${await res.text()}`);
  return subscriberByEmail(t.deps.db, email.trim().toLowerCase());
}

/** Marks the seed edition (or `id`) as sent, as the send engine would when it finishes. */
export async function markSent(db: Db, id = 1, sentAt = '2026-04-21T09:00:00.000Z') {
  await db.update(editions).set({ status: 'sent', sentAt, sendStartedAt: sentAt }).where(eq(editions.id, id));
}

/** A test app whose seed edition is sent (so the web version answers), and that edition's slug. */
export async function appWithSentEdition(): Promise<{ t: TestApp; slug: string }> {
  const t = await makeTestApp();
  await markSent(t.deps.db);
  return { t, slug: (await t.deps.db.select().from(editions).get())!.slug };
}

/** An audience snapshot row as the send engine writes it, already sent. */
export async function sentDelivery(db: Db, s: Subscriber, editionId: number, seq: number, providerId: string, persona = s.persona) {
  const [row] = await db
    .insert(deliveries)
    .values({
      editionId, subscriberId: s.id, seq, batchNumber: Math.floor(seq / 100), email: s.email, name: s.name, persona,
      language: s.language, tokenVersion: s.tokenVersion, status: 'submitted', providerId, sentAt: `2026-04-21T09:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    })
    .returning();
  return row;
}
