/**
 * The TL;DR service: decides (plan.ts) which variants to write, writes them (write.ts) with the
 * prompt cache written once and then read by every other variant, and stores them (store.ts).
 *
 * For the delivery engine: `ensureVariants` + `resolveVariant`. For the editor: `generateVariants`
 * (the admin routes). Neither ever fails because of Claude.
 */
import type { AppDeps } from '../deps.js';
import type { Edition } from '../db/schema.js';
import { isEditable } from '../editions/lifecycle.js';
import { requireEdition } from '../editions/store.js';
import { conflict } from '../http/errors.js';
import { listPersonas, requirePersona } from '../personas/store.js';
import { LANGUAGES } from '../subscribers/languages.js';
import {
  crossVariants,
  fallbackText,
  VariantMap,
  variantKey,
  variantsToWrite,
  wantedVariants,
  type VariantRef,
  type WritePolicy,
} from './plan.js';
import { activeAudience, listVariants, saveGenerated } from './store.js';
import { runCacheFirst, writeVariant, type EditionSource, type FirstAnswer, type RunState } from './write.js';

/** How many calls run at once after the first (which runs alone to write the cache). */
export const TLDR_CONCURRENCY = 4;

/** Which variants to make sure of. Without any, the edition's plan (its active audience). */
export interface VariantScope {
  personas?: string[];
  languages?: string[];
  /** Exact (persona, language) pairs, e.g. the ones in an audience snapshot. */
  pairs?: VariantRef[];
  /** Stop waiting for Claude after this long; what is unwritten then falls back. */
  deadlineMs?: number;
}

type TldrDeps = Pick<AppDeps, 'db' | 'summarizer' | 'clock' | 'log'>;

export const isLanguage = (code: string) => code in LANGUAGES;

export function editionSource(edition: Edition): EditionSource {
  return { title: edition.title, dek: edition.dek, body: edition.body, language: edition.language, fallback: fallbackText(edition) };
}

/** The variants an edition needs for `scope`. */
async function wanted(deps: TldrDeps, edition: Edition, personaSlugs: string[], scope: VariantScope = {}): Promise<VariantRef[]> {
  let audience: VariantRef[];
  if (scope.pairs) audience = scope.pairs;
  else if (scope.personas || scope.languages) {
    const languages = scope.languages ?? [...new Set((await activeAudience(deps.db)).map((a) => a.language))];
    audience = crossVariants(scope.personas ?? personaSlugs, languages);
  } else audience = await activeAudience(deps.db);
  return wantedVariants({ editionLanguage: edition.language, personas: personaSlugs, audience, isLanguage });
}

/**
 * Writes `refs` (first alone, then `TLDR_CONCURRENCY` at a time) and stores them.
 * `first` carries answers already obtained through the Message Batches API.
 */
export async function writeVariants(
  deps: TldrDeps,
  edition: Edition,
  refs: VariantRef[],
  options: { mode: 'missing' | 'replace'; signal?: AbortSignal; first?: Map<string, FirstAnswer> },
): Promise<void> {
  if (refs.length === 0) return;
  const personas = new Map((await listPersonas(deps.db)).map((p) => [p.slug, p]));
  const source = editionSource(edition);
  const state: RunState = { unavailable: null };
  const todo = refs.filter((r) => personas.has(r.persona));
  await runCacheFirst(todo, TLDR_CONCURRENCY, async (ref) => {
    const first = options.first?.get(variantKey(ref.persona, ref.language));
    const ctx = { summarizer: deps.summarizer, log: deps.log, state, signal: options.signal, first };
    const variant = await writeVariant(ctx, source, personas.get(ref.persona)!, ref.language);
    await saveGenerated(deps.db, edition.id, variant, deps.clock.now(), options.mode);
  });
}

/**
 * For the delivery engine: makes sure the edition's variants for `scope` exist, writing the
 * missing ones first, and returns all of the edition's variants. Never throws because of Claude
 * (errors, timeouts, no key): a variant it cannot write is stored as `fallback` with the editor's
 * TL;DR (else the dek), so the email's label stays honest. Stored variants are never changed
 * here, so every batch of a send sees the same text. Throws only for a missing edition or a
 * database failure.
 */
export async function ensureVariants(deps: TldrDeps, editionId: number, scope: VariantScope = {}): Promise<VariantMap> {
  const edition = await requireEdition(deps.db, editionId);
  const personaSlugs = (await listPersonas(deps.db)).map((p) => p.slug);
  const refs = variantsToWrite(await wanted(deps, edition, personaSlugs, scope), await listVariants(deps.db, edition.id));
  const controller = scope.deadlineMs ? new AbortController() : undefined;
  const timer = controller ? setTimeout(() => controller.abort(new Error('TL;DR deadline passed')), scope.deadlineMs) : undefined;
  try {
    await writeVariants(deps, edition, refs, { mode: 'missing', signal: controller?.signal });
  } catch (err) {
    // writeVariant never throws for Claude; this is a bug or the database. Sending goes on with fallbacks.
    deps.log.error('TL;DR variants could not all be written; missing ones fall back', err);
  } finally {
    clearTimeout(timer);
  }
  return new VariantMap(await listVariants(deps.db, edition.id), edition.language, fallbackText(edition));
}

/**
 * What the editor's "write the TL;DRs" does: which variants to write for an edition, and how.
 * Before a send (draft, scheduled) fallbacks left by an unavailable Claude are retried and a
 * persona may be regenerated; once sending, only missing variants are added.
 */
export async function planEditorRun(
  deps: TldrDeps,
  edition: Edition,
  options: { regenerate?: string } = {},
): Promise<{ refs: VariantRef[]; mode: 'missing' | 'replace' }> {
  const editable = isEditable(edition.status);
  if (options.regenerate) {
    await requirePersona(deps.db, options.regenerate);
    if (!editable) throw conflict(`edition is ${edition.status}; its TL;DRs can no longer be regenerated`);
  }
  const personaSlugs = (await listPersonas(deps.db)).map((p) => p.slug);
  const policy: WritePolicy = { regenerate: options.regenerate, retryUnavailable: editable };
  const refs = variantsToWrite(await wanted(deps, edition, personaSlugs), await listVariants(deps.db, edition.id), policy);
  return { refs, mode: editable ? 'replace' : 'missing' };
}

/** Writes the edition's missing variants (or regenerates a persona's) and returns them all. */
export async function generateVariants(deps: TldrDeps, editionId: number, options: { regenerate?: string } = {}) {
  const edition = await requireEdition(deps.db, editionId);
  const { refs, mode } = await planEditorRun(deps, edition, options);
  await writeVariants(deps, edition, refs, { mode });
  return { edition, written: refs, variants: await listVariants(deps.db, edition.id) };
}
