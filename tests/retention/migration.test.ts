/**
 * The retention migration on a database that has raw events: each delivery gets its feedback
 * (latest state, first time of each counted kind) from its events, the last days' svix ids stay
 * known, and the raw events go.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, expect, it } from 'vitest';
import { migrationsDir } from '../../src/db/sqlite.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The migrations folder as it was before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pp-migrations-'));
  dirs.push(dir);
  cpSync(migrationsDir(), dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag));
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const secs = (iso: string) => Date.parse(iso) / 1000;

it('moves each delivery’s events onto its row, keeps recent svix ids, drops the raw events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-migrate-'));
  dirs.push(dir);
  const sqlite = new Database(join(dir, 'old.db'));
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: migrationsBefore('0005_retention') });

  sqlite.exec(`INSERT INTO editions (id, number, slug, title, date, body, status) VALUES (1, 1, 'one', 'One', '2026-01-01', 'Body', 'sent')`);
  const delivery = sqlite.prepare(`INSERT INTO deliveries (id, edition_id, subscriber_id, seq, batch_number, email, persona, language, token_version, status, provider_id)
    VALUES (?, 1, ?, ?, 0, ?, 'everyday', 'en', 1, 'submitted', ?)`);
  delivery.run(1, 'sub_a', 0, 'a@example.com', 'prov-a');
  delivery.run(2, 'sub_b', 1, 'b@example.com', 'prov-b');
  delivery.run(3, 'sub_c', 2, 'c@example.com', 'prov-c');
  const event = sqlite.prepare(`INSERT INTO events (svix_id, type, provider_id, delivery_id, edition_id, persona, payload, occurred_at, created_at)
    VALUES (?, ?, ?, ?, 1, 'everyday', ?, ?, ?)`);
  const old = '2020-01-01T00:00:00.000Z';
  const recent = new Date(Date.now() - 3600_000).toISOString();
  const payload = (type: string, bounce?: string) => JSON.stringify({ type, data: { bounce: bounce ? { type: bounce } : undefined } });
  event.run('msg_1', 'email.opened', 'prov-a', 1, payload('email.opened'), '2026-01-01T10:30:00.000Z', old);
  event.run('msg_2', 'email.delivered', 'prov-a', 1, payload('email.delivered'), '2026-01-01T10:02:00.000Z', old);
  event.run('msg_3', 'email.opened', 'prov-a', 1, payload('email.opened'), '2026-01-01T10:10:00.000Z', old);
  event.run('msg_4', 'email.bounced', 'prov-a', 1, payload('email.bounced', 'Transient'), '2026-01-01T10:01:00.000Z', old);
  event.run('msg_5', 'email.bounced', 'prov-b', 2, payload('email.bounced', 'Permanent'), '2026-01-01T10:01:00.000Z', recent);
  event.run('msg_6', 'email.clicked', 'prov-b', 2, payload('email.clicked'), null, recent);
  event.run('msg_7', 'email.opened', 'unknown', null, payload('email.opened'), null, recent);

  migrate(db, { migrationsFolder: migrationsDir() });

  const rows = sqlite.prepare(`SELECT id, feedback, feedback_at, delivered_at, opened_at, clicked_at, bounced_at, complained_at FROM deliveries ORDER BY id`).all();
  expect(rows).toEqual([
    { id: 1, feedback: 'opened', feedback_at: secs('2026-01-01T10:30:00Z'), delivered_at: secs('2026-01-01T10:02:00Z'), opened_at: secs('2026-01-01T10:10:00Z'), clicked_at: null, bounced_at: null, complained_at: null },
    // No event time: when it was stored.
    { id: 2, feedback: 'clicked', feedback_at: Math.floor(Date.parse(recent) / 1000), delivered_at: null, opened_at: null, clicked_at: Math.floor(Date.parse(recent) / 1000), bounced_at: secs('2026-01-01T10:01:00Z'), complained_at: null },
    { id: 3, feedback: null, feedback_at: null, delivered_at: null, opened_at: null, clicked_at: null, bounced_at: null, complained_at: null },
  ]);
  expect(sqlite.prepare(`SELECT svix_id FROM webhook_receipts ORDER BY svix_id`).pluck().all()).toEqual(['msg_5', 'msg_6', 'msg_7']);
  expect(sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'events'`).pluck().get()).toBe(0);
  sqlite.close();
});
