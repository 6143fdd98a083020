/**
 * What the retention tests share: a sent edition with realistic provider feedback, made through
 * the real paths (the engine sends through a recording mailer, signed webhooks go through HTTP,
 * readers unsubscribe through their links), and a dump of every table to search for leftovers.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/types.js';
import { resendEvent, signSvixWebhook, type ResendEmailEventType, type ResendEventInput } from '../fakes/resend-server.js';
import type { RecordingMailer, TestApp } from '../helpers/app.js';
import { mulberry32, seedFrom } from '../helpers/random.js';

export const PERSONAS = ['everyday', 'executive', 'engineer', 'investor'];
export const LANGUAGES = ['en', 'es'];

/** The seed of this run's feedback (printed; `RETENTION_SEED=<seed>` replays it). */
export const seed = seedFrom(process.env.RETENTION_SEED, 'RETENTION_SEED');
export const replay = `seed ${seed} (replay: RETENTION_SEED=${seed})`;

/** Posts one signed Resend event through the app, as Svix would. */
export async function hook(t: TestApp, secret: string, type: ResendEmailEventType, input: ResendEventInput, id?: string): Promise<Response> {
  const body = JSON.stringify(resendEvent(type, input));
  const res = await t.app.request('/webhooks/resend', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signSvixWebhook(secret, body, { id }) },
    body,
  });
  if (res.status !== 200) throw new Error(`webhook ${type}: ${res.status} ${await res.text()}`);
  return res;
}

/** Every href of an email's HTML, entities decoded. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

/** The tags a sent email carries, as Resend echoes them in its events. */
const tagsOf = (m: { tags?: { name: string; value: string }[] }) => Object.fromEntries((m.tags ?? []).map((x) => [x.name, x.value]));

export interface Feedback {
  /** Events posted, by kind. */
  posted: Record<string, number>;
  /** The readers who unsubscribed through their link. */
  unsubscribed: string[];
}

/**
 * Gives every email the mailer sent for `editionId` 0–4 events, seeded: delivered (most), opened
 * (some, some twice), clicked (some, on 1–3 of the email's own links, reader links included), a
 * hard or soft bounce, a complaint; replays a few svix ids; and has a few readers unsubscribe
 * through their email's unsubscribe link. Events are stamped with the test clock's time.
 */
/** Random feedback on an edition's emails, except to the `spared` addresses (a test's own reader). */
export async function giveFeedback(t: TestApp, secret: string, editionId: number, random = mulberry32(seed), spared: string[] = []): Promise<Feedback> {
  const mail = t.mailer as RecordingMailer;
  const posted: Record<string, number> = {};
  const unsubscribed: string[] = [];
  const at = (minutes: number) => new Date(t.clock.now().getTime() + minutes * 60_000).toISOString();
  let n = 0;
  for (const [i, m] of mail.sent.entries()) {
    const tags = tagsOf(m);
    if (tags.edition !== String(editionId) || !tags.delivery || spared.includes(m.to)) continue;
    const base = { email_id: `rec-${i}`, to: m.to, tags };
    const post = async (type: ResendEmailEventType, extra: Partial<ResendEventInput> = {}, minutes = 1) => {
      const id = `msg_${editionId}_${n++}`;
      await hook(t, secret, type, { ...base, created_at: at(minutes), ...extra }, id);
      posted[type] = (posted[type] ?? 0) + 1;
      // Svix sometimes delivers the same message twice.
      if (random() < 0.05) await hook(t, secret, type, { ...base, created_at: at(minutes), ...extra }, id);
    };
    const r = random();
    if (r < 0.03) {
      await post('email.bounced', { bounceType: 'Permanent' });
      continue;
    }
    if (r < 0.06) await post('email.bounced', { bounceType: 'Transient' });
    await post('email.delivered', {}, 2);
    if (random() < 0.45) {
      await post('email.opened', {}, 30);
      if (random() < 0.3) await post('email.opened', {}, 90);
    }
    if (random() < 0.2) {
      const links = hrefs(m.html);
      const clicks = 1 + Math.floor(random() * 3);
      for (let c = 0; c < clicks; c++) await post('email.clicked', { link: links[Math.floor(random() * links.length)] }, 40 + c);
    }
    if (random() < 0.02) await post('email.complained', {}, 60);
    if (random() < 0.03) {
      const link = hrefs(m.html).find((h) => h.includes('/unsubscribe/'))!;
      const res = await t.app.request(new URL(link).pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      if (res.status !== 200) throw new Error(`unsubscribe: ${res.status}`);
      unsubscribed.push(m.to);
    }
  }
  return { posted, unsubscribed };
}

/** Row counts of the given tables (raw SQL, so it reads any schema). */
export async function rowCounts(db: Db, tables: string[], where = ''): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = ((await db.all(sql.raw(`SELECT count(*) AS n FROM ${table} ${where}`))) as { n: number }[])[0].n;
  return out;
}

/** Every row of every table, as one string: what a search for personal data looks through. */
export async function dumpDatabase(db: Db): Promise<string> {
  const tables = (await db.all(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)) as { name: string }[];
  const parts: string[] = [];
  for (const { name } of tables) parts.push(`${name}: ${JSON.stringify(await db.all(sql.raw(`SELECT * FROM "${name}"`)))}`);
  return parts.join('\n');
}
