/**
 * The live tallies (migration `live_tallies`): triggers keep, per edition × persona × language,
 * what the delivery rows add up to, and per link how many delivery rows have its click, so the
 * stats of a million-reader send read a few rows. Checked against counting the rows themselves
 * after a seeded random run of every kind of write the code makes (snapshot inserts, the send's
 * status changes, feedback, erasure, folding's deletes, clicks), and on a database migrated
 * with deliveries already there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, expect, it } from 'vitest';
import { migrationsDir } from '../../src/db/sqlite.js';
import { mulberry32, seedFrom } from '../helpers/random.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function openDb() {
  const dir = mkdtempSync(join(tmpdir(), 'pp-live-tallies-'));
  dirs.push(dir);
  const sqlite = new Database(join(dir, 'db.sqlite'));
  sqlite.pragma('foreign_keys = ON');
  migrate(drizzle(sqlite), { migrationsFolder: migrationsDir() });
  return sqlite;
}

/** What the rows add up to, counted the slow way, in the tallies' shape (cells with a count only). */
function counted(sqlite: Database.Database) {
  return sqlite
    .prepare(
      `SELECT edition_id, persona, language, count(*) FILTER (WHERE status = 'submitted') AS sent, count(delivered_at) AS delivered,
         count(opened_at) AS opened, count(clicked_at) AS clicked, count(bounced_at) AS bounced, count(complained_at) AS complained
       FROM deliveries GROUP BY edition_id, persona, language ORDER BY edition_id, persona, language`,
    )
    .all()
    .filter((r) => Object.entries(r as Record<string, unknown>).some(([k, v]) => !['edition_id', 'persona', 'language'].includes(k) && v !== 0));
}
function tallied(sqlite: Database.Database) {
  return sqlite
    .prepare(
      `SELECT edition_id, persona, language, sent, delivered, opened, clicked, bounced, complained FROM live_tallies
       WHERE sent + delivered + opened + clicked + bounced + complained > 0 ORDER BY edition_id, persona, language`,
    )
    .all();
}
const clicksCounted = (sqlite: Database.Database) =>
  sqlite.prepare(`SELECT l.id, (SELECT count(*) FROM delivery_clicks c WHERE c.link_id = l.id) AS n FROM edition_links l ORDER BY l.id`).all();
const clicksTallied = (sqlite: Database.Database) => sqlite.prepare(`SELECT id, live_clicks AS n FROM edition_links ORDER BY id`).all();

it('equal what the delivery rows and clicks add up to, after any mix of writes (seeded)', () => {
  const seed = seedFrom(process.env.TALLY_SEED, 'TALLY_SEED');
  console.log(`live tallies: TALLY_SEED=${seed}`);
  const random = mulberry32(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const sqlite = openDb();
  for (const id of [1, 2]) sqlite.exec(`INSERT INTO editions (id, number, slug, title, date, body, status) VALUES (${id}, ${id}, 'e${id}', 'E', '2026-01-01', 'Body', 'sending')`);
  for (let i = 1; i <= 4; i++) sqlite.exec(`INSERT INTO edition_links (id, edition_id, url) VALUES (${i}, ${i <= 2 ? 1 : 2}, 'https://example.com/${i}')`);
  const insert = sqlite.prepare(`INSERT INTO deliveries (edition_id, subscriber_id, seq, batch_number, email, persona, language, token_version, status)
    VALUES (?, ?, ?, 1, 'r@example.com', ?, ?, 1, ?)`);
  const ids = () => (sqlite.prepare('SELECT id FROM deliveries').pluck().all() as number[]);
  const columns = ['delivered_at', 'opened_at', 'clicked_at', 'bounced_at', 'complained_at'];
  let n = 0;
  const writes = [
    // The snapshot: queued rows, a few at a time (and, rarely, a row already counted: a restore).
    () => {
      for (let k = 0; k < 5; k++, n++) insert.run(pick([1, 2]), `s${n}`, n, pick(['engineer', 'investor']), pick(['en', 'es']), random() < 0.1 ? 'submitted' : 'queued');
    },
    // The send: a batch accepted, refused, lost.
    () => sqlite.prepare(`UPDATE deliveries SET status = ? WHERE id IN (SELECT id FROM deliveries ORDER BY random() LIMIT 3)`).run(pick(['submitted', 'failed', 'uncertain', 'skipped'])),
    // Feedback: a first time of some kind, or (folding a replay) set again.
    () => sqlite.prepare(`UPDATE deliveries SET ${pick(columns)} = coalesce(${pick(columns)}, 1700000000) WHERE id = ?`).run(pick(ids()) ?? 0),
    // Erasure changes what identifies a reader, never what counts.
    () => sqlite.prepare(`UPDATE deliveries SET email = 'erased@invalid', name = NULL, subscriber_id = 'erased:' || id WHERE id = ?`).run(pick(ids()) ?? 0),
    // A reader's persona or language on a row (no code does it today; the triggers must not care).
    () => sqlite.prepare(`UPDATE deliveries SET persona = ?, language = ? WHERE id = ?`).run(pick(['engineer', 'investor']), pick(['en', 'es']), pick(ids()) ?? 0),
    // Clicks, and folding's deletes (clicks first, then the rows).
    () => {
      const id = pick(ids());
      if (id !== undefined) sqlite.prepare(`INSERT OR IGNORE INTO delivery_clicks (delivery_id, link_id) VALUES (?, ?)`).run(id, pick([1, 2, 3, 4]));
    },
    () => {
      const id = pick(ids());
      if (id === undefined) return;
      sqlite.prepare('DELETE FROM delivery_clicks WHERE delivery_id = ?').run(id);
      sqlite.prepare('DELETE FROM deliveries WHERE id = ?').run(id);
    },
  ];
  for (let step = 0; step < 600; step++) {
    pick(writes)();
    if (step % 50 === 49) {
      expect(tallied(sqlite), `TALLY_SEED=${seed}, step ${step}`).toEqual(counted(sqlite));
      expect(clicksTallied(sqlite), `TALLY_SEED=${seed}, step ${step}`).toEqual(clicksCounted(sqlite));
    }
  }
  expect(counted(sqlite).length, 'the run counted something').toBeGreaterThan(0);
});

it('start from the rows already there when the migration runs', () => {
  const sqlite = openDb();
  sqlite.exec(`INSERT INTO editions (id, number, slug, title, date, body, status) VALUES (1, 1, 'e1', 'E', '2026-01-01', 'Body', 'sent')`);
  // Rows written with the triggers gone stand for a database from before the migration.
  const triggers = sqlite.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'live_%'`).all() as { name: string; sql: string }[];
  expect(triggers.map((t) => t.name).sort()).toEqual(['live_clicks_delete', 'live_clicks_insert', 'live_tallies_delete', 'live_tallies_insert', 'live_tallies_update']);
  for (const t of triggers) sqlite.exec(`DROP TRIGGER ${t.name}`);
  sqlite.exec(`INSERT INTO edition_links (id, edition_id, url) VALUES (1, 1, 'https://example.com/')`);
  sqlite.exec(`INSERT INTO deliveries (id, edition_id, subscriber_id, seq, batch_number, email, persona, language, token_version, status, opened_at)
    VALUES (1, 1, 'a', 1, 1, 'a@example.com', 'engineer', 'en', 1, 'submitted', 1700000000),
           (2, 1, 'b', 2, 1, 'b@example.com', 'engineer', 'es', 1, 'submitted', NULL),
           (3, 1, 'c', 3, 1, 'c@example.com', 'investor', 'en', 1, 'queued', NULL)`);
  sqlite.exec(`INSERT INTO delivery_clicks (delivery_id, link_id) VALUES (1, 1), (2, 1)`);
  sqlite.exec(`DELETE FROM live_tallies; UPDATE edition_links SET live_clicks = 0`);
  // The migration's own backfill statements, as the file has them.
  const file = join(migrationsDir(), '0010_live_tallies.sql');
  const statements = readFileSync(file, 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => /^(INSERT INTO `live_tallies`|UPDATE `edition_links`)/.test(s));
  expect(statements).toHaveLength(2);
  for (const s of statements) sqlite.exec(s);
  expect(tallied(sqlite)).toEqual(counted(sqlite));
  expect(tallied(sqlite)).toEqual([
    { edition_id: 1, persona: 'engineer', language: 'en', sent: 1, delivered: 0, opened: 1, clicked: 0, bounced: 0, complained: 0 },
    { edition_id: 1, persona: 'engineer', language: 'es', sent: 1, delivered: 0, opened: 0, clicked: 0, bounced: 0, complained: 0 },
  ]);
  expect(clicksTallied(sqlite)).toEqual([{ id: 1, n: 2 }]);
});
