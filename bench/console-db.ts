/**
 * The console bench's database: a list the size a big publication has — 1,000,000 subscribers
 * (mostly active; some pending, unsubscribed, bounced), four personas, three languages — the
 * seed edition as a draft, and one earlier edition sent last week to every active reader, with
 * the provider's feedback on each delivery (delivered, opened, clicked, a few bounces), not folded
 * yet (that happens after RETENTION_DAYS). Rows go in raw: building the data is not what is
 * measured.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../src/bootstrap.js';
import { openSqlite } from '../src/db/sqlite.js';
import { readSeedMarkdown } from '../src/editions/seed.js';

const PERSONAS = ['everyday', 'executive', 'engineer', 'investor'];
/** Seven slots: prime to the personas' four and the statuses' twenty, so every combination occurs. */
const LANGUAGES = ['en', 'es', 'en', 'pt', 'en', 'es', 'en'];
/** Out of 20: 17 active, 1 pending, 1 unsubscribed, 1 bounced. */
const STATUSES = [...Array(17).fill('active'), 'pending', 'unsubscribed', 'bounced'];

/** The id of the edition already sent in the bench's database. */
export const SENT_EDITION = 2;

/** Builds the database at a fresh path; returns it and how many readers the sent edition reached. */
export async function consoleDatabase(n: number): Promise<{ dir: string; path: string; sentTo: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-bench-console-'));
  const path = join(dir, 'newsletter.db');
  const handle = openSqlite(path);
  await bootstrap(handle.db, readSeedMarkdown(), new Date());
  const db = handle.sqlite;
  const insert = db.prepare(`INSERT INTO subscribers (id, email, name, persona, language, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
      insert.run(`sub_${i.toString(36).padStart(9, '0')}${'0'.repeat(20)}`, `reader${i}@example.com`, `Reader ${i}`, PERSONAS[i % 4], LANGUAGES[i % 7], STATUSES[i % 20], at, at);
    }
  })();
  // An edition sent last week to every active reader: deliveries, batches and events, as a send leaves them.
  db.transaction(() => {
    const sentAt = new Date(Date.now() - 7 * 864e5).toISOString();
    db.prepare(
      `INSERT INTO editions (id, number, slug, title, dek, section, author, date, body, status, send_id, send_started_at, sent_at)
       VALUES (?, 57, '57-last-week', 'Last week’s edition', 'Sent to everyone', 'The AI Landscape', 'Germán Falcioni', '2026-04-14', 'Body.', 'sent', 'bench-send', ?, ?)`,
    ).run(SENT_EDITION, sentAt, sentAt);
    // Each delivery carries the provider's feedback (as the webhooks leave it): all delivered but
    // 1 in 100 (a hard bounce), 2 in 5 opened, 1 in 15 clicked.
    const ts = Math.floor(Date.parse(sentAt) / 1000) + 600;
    db.prepare(
      `INSERT INTO deliveries (edition_id, subscriber_id, seq, batch_number, email, name, persona, language, token_version, status, provider_id, sent_at,
                               feedback, feedback_at, delivered_at, opened_at, clicked_at, bounced_at)
       SELECT ?, id, rn - 1, (rn - 1) / 100, email, name, persona, language, token_version, 'submitted', 'prov-' || rn, ?,
              CASE WHEN rn % 100 = 0 THEN 'bounced' WHEN rn % 15 = 0 THEN 'clicked' WHEN rn % 5 < 2 THEN 'opened' ELSE 'delivered' END, ?,
              CASE WHEN rn % 100 <> 0 THEN ? END, CASE WHEN rn % 100 <> 0 AND rn % 5 < 2 THEN ? END,
              CASE WHEN rn % 100 <> 0 AND rn % 15 = 0 THEN ? END, CASE WHEN rn % 100 = 0 THEN ? END
       FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM subscribers WHERE status = 'active')`,
    ).run(SENT_EDITION, sentAt, ts, ts, ts, ts, ts);
    db.prepare(
      `INSERT INTO batches (edition_id, number, status, idempotency_key, attempts, size, submitted)
       SELECT edition_id, batch_number, 'submitted', 'pp-bench-send-b' || batch_number, 1, count(*), count(*) FROM deliveries WHERE edition_id = ? GROUP BY batch_number`,
    ).run(SENT_EDITION);
  })();
  const sentTo = (db.prepare('SELECT count(*) AS n FROM deliveries WHERE edition_id = ?').get(SENT_EDITION) as { n: number }).n;
  handle.close();
  return { dir, path, sentTo };
}
