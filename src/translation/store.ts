/**
 * Translation data operations. Every write that can race a send starting is one statement that
 * checks the edition is still editable (draft or scheduled) in the same `INSERT … SELECT … WHERE`:
 * once a send has started, its translations never change under it.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { changesOf } from '../db/atomic.js';
import { editionTranslations, type EditionTranslation } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { UNMETERED_WRITING } from '../tldr/plan.js';
import { costSummary, type TldrCostSummary } from '../tldr/store.js';
import type { ArticleText } from './translator.js';

export type NewTranslation = Omit<EditionTranslation, 'id' | 'editionId' | 'createdAt' | 'updatedAt'>;

/** Token and cost totals of an edition's translations: the same shape as the TL;DRs'. */
export type TranslationCostSummary = TldrCostSummary;

export async function listTranslations(db: Db, editionId: number): Promise<EditionTranslation[]> {
  return db.select().from(editionTranslations).where(eq(editionTranslations.editionId, editionId)).orderBy(asc(editionTranslations.language));
}

/** The edition's translations by language. */
export async function translationMap(db: Db, editionId: number): Promise<Map<string, EditionTranslation>> {
  return new Map((await listTranslations(db, editionId)).map((t) => [t.language, t]));
}

export async function getTranslation(db: Db, editionId: number, language: string): Promise<EditionTranslation | undefined> {
  return db
    .select()
    .from(editionTranslations)
    .where(and(eq(editionTranslations.editionId, editionId), eq(editionTranslations.language, language)))
    .get();
}

/** One upsert, done only while the edition is editable; `keepEditor`: never replaces the editor's. */
function upsertWhileEditable(editionId: number, t: NewTranslation, iso: string, keepEditor: boolean) {
  const keep = keepEditor ? sql` WHERE edition_translations.source <> 'editor'` : sql``;
  return sql`
    INSERT INTO edition_translations (edition_id, language, title, dek, body, source, flagged, flag_reason, model,
      input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, cost_usd, duration_ms, created_at, updated_at)
    SELECT ${editionId}, ${t.language}, ${t.title}, ${t.dek}, ${t.body}, ${t.source}, ${t.flagged ? 1 : 0}, ${t.flagReason}, ${t.model},
      ${t.inputTokens}, ${t.outputTokens}, ${t.cacheWriteTokens}, ${t.cacheReadTokens}, ${t.costUsd}, ${t.durationMs}, ${iso}, ${iso}
    FROM editions WHERE id = ${editionId} AND status IN ('draft', 'scheduled')
    ON CONFLICT (edition_id, language) DO UPDATE SET
      title = excluded.title, dek = excluded.dek, body = excluded.body, source = excluded.source,
      flagged = excluded.flagged, flag_reason = excluded.flag_reason, model = excluded.model,
      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
      cache_write_tokens = excluded.cache_write_tokens, cache_read_tokens = excluded.cache_read_tokens,
      cost_usd = excluded.cost_usd, duration_ms = excluded.duration_ms, updated_at = excluded.updated_at${keep}`;
}

/**
 * Stores what Claude (or the fallback) wrote. `mode: 'missing'` (the send) keeps whatever is
 * already stored: the first writer wins, and a translation a batch may have mailed never changes.
 * `mode: 'replace'` (the editor's run) overwrites, except the editor's own, and only while the
 * edition has not started sending. Returns whether a row was written.
 */
export async function saveGeneratedTranslation(db: Db, editionId: number, t: NewTranslation, now: Date, mode: 'missing' | 'replace'): Promise<boolean> {
  const iso = now.toISOString();
  if (mode === 'replace') return changesOf(await db.run(upsertWhileEditable(editionId, t, iso, true))) > 0;
  const inserted = await db
    .insert(editionTranslations)
    .values({ ...t, editionId, createdAt: iso, updatedAt: iso })
    .onConflictDoNothing()
    .returning({ id: editionTranslations.id });
  return inserted.length > 0;
}

/**
 * Stores the editor's own translation (Claude never overwrites it). Returns it, or undefined when
 * the edition is no longer editable (its send started meanwhile).
 */
export async function saveEditorTranslation(db: Db, editionId: number, language: string, text: ArticleText, now: Date): Promise<EditionTranslation | undefined> {
  const row: NewTranslation = { language, ...text, source: 'editor', ...UNMETERED_WRITING };
  const written = changesOf(await db.run(upsertWhileEditable(editionId, row, now.toISOString(), false)));
  return written ? getTranslation(db, editionId, language) : undefined;
}

/** Totals over an edition's translations, for the admin views next to the TL;DR totals. */
export function translationCostSummary(db: Db, editionId: number): Promise<TranslationCostSummary> {
  return costSummary(db, editionTranslations, editionId);
}

/**
 * Forgets what Claude and the fallback wrote (the edition's text changed); the editor's own stay.
 * For the edition route's PATCH, while the edition is still editable.
 */
export async function discardGeneratedTranslations(db: Db, editionId: number): Promise<void> {
  await db.delete(editionTranslations).where(and(eq(editionTranslations.editionId, editionId), ne(editionTranslations.source, 'editor')));
}
