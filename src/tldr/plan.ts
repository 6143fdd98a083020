/**
 * Which TL;DR variants an edition needs, which of them to write, and which one a reader gets.
 * Pure: the service reads the database, asks this module, then acts.
 */
import type { TldrSource, TldrVariant } from '../db/schema.js';

/** A variant's coordinates: one persona, one language. */
export interface VariantRef {
  persona: string;
  language: string;
}

/** The key of a variant in maps (the same shape the delivery engine uses). */
export const variantKey = (persona: string, language: string): string => `${persona}|${language}`;

/** What the planner needs to know of a stored variant. */
export type StoredVariant = Pick<TldrVariant, 'persona' | 'language' | 'source' | 'flagged'>;

/**
 * The variants an edition needs: every (persona, language) among its active readers, plus every
 * persona in the edition's own language (the web version's "Read it as…"). Unknown personas
 * and languages are left out (a reader of those gets the fallback order of `resolveVariant`).
 * The edition's language comes first, so the first call is the one that writes the cache.
 */
export function wantedVariants(input: {
  editionLanguage: string;
  personas: string[];
  audience: VariantRef[];
  isLanguage: (code: string) => boolean;
}): VariantRef[] {
  const known = new Set(input.personas);
  const out: VariantRef[] = [];
  const seen = new Set<string>();
  const add = (persona: string, language: string) => {
    const k = variantKey(persona, language);
    if (seen.has(k) || !known.has(persona) || !input.isLanguage(language)) return;
    seen.add(k);
    out.push({ persona, language });
  };
  for (const p of input.personas) add(p, input.editionLanguage);
  const rest = [...input.audience].sort((a, b) => a.language.localeCompare(b.language) || a.persona.localeCompare(b.persona));
  for (const a of rest) add(a.persona, a.language);
  return out;
}

/** Every (persona, language) of the given lists. */
export function crossVariants(personas: string[], languages: string[]): VariantRef[] {
  return personas.flatMap((persona) => languages.map((language) => ({ persona, language })));
}

export interface WritePolicy {
  /** Rewrite this persona's variants that Claude or the fallback wrote (never the editor's). */
  regenerate?: string;
  /**
   * Try Claude again for fallbacks that were not flagged (Claude was unavailable, not wrong).
   * Only before a send: a variant already mailed must stay as it was.
   */
  retryUnavailable?: boolean;
}

/** The wanted variants to write now: missing ones, plus those the policy asks to redo. */
export function variantsToWrite(wanted: VariantRef[], stored: StoredVariant[], policy: WritePolicy = {}): VariantRef[] {
  const byKey = new Map(stored.map((v) => [variantKey(v.persona, v.language), v]));
  const regenerate = policy.regenerate
    ? stored.filter((v) => v.persona === policy.regenerate).map((v) => ({ persona: v.persona, language: v.language }))
    : [];
  const seen = new Set<string>();
  const out: VariantRef[] = [];
  for (const ref of [...wanted, ...regenerate]) {
    const k = variantKey(ref.persona, ref.language);
    if (seen.has(k)) continue;
    seen.add(k);
    const v = byKey.get(k);
    const write =
      !v ||
      (v.source !== 'editor' && policy.regenerate === ref.persona) ||
      (policy.retryUnavailable === true && v.source === 'fallback' && !v.flagged);
    if (write) out.push(ref);
  }
  return out;
}

/** The TL;DR a reader gets, with who wrote it (the email's label depends on it). */
export interface ResolvedTldr {
  text: string;
  why: string | null;
  source: TldrSource;
  /** The variant it came from; null when it is the edition's own fallback text. */
  persona: string | null;
  language: string | null;
}

/** The variants of one edition, with what `resolveVariant` needs when none fits. */
export class VariantMap extends Map<string, TldrVariant> {
  constructor(
    variants: Iterable<TldrVariant>,
    /** The edition's language: a persona's variant in it is the second choice. */
    readonly editionLanguage: string,
    /** The editor's TL;DR, else the dek: what a reader gets when no variant fits. */
    readonly fallbackText: string,
  ) {
    super([...variants].map((v) => [variantKey(v.persona, v.language), v]));
  }
}

/** The edition's fallback: the editor's own TL;DR, then the dek, then the title. */
export function fallbackText(edition: { tldr: string; dek: string; title: string }): string {
  return edition.tldr.trim() || edition.dek.trim() || edition.title.trim();
}

/**
 * The TL;DR for a reader: the exact variant, else the persona's variant in the edition's
 * language, else the edition's fallback text (labelled `fallback`).
 */
export function resolveVariant(variants: VariantMap, persona: string, language: string): ResolvedTldr {
  const v = variants.get(variantKey(persona, language)) ?? variants.get(variantKey(persona, variants.editionLanguage));
  if (v) return { text: v.text, why: v.why, source: v.source, persona: v.persona, language: v.language };
  return { text: variants.fallbackText, why: null, source: 'fallback', persona: null, language: null };
}

/** The bookkeeping of a writing no model call produced (the editor's text, a fallback): a TL;DR's or a translation's. */
export const UNMETERED_WRITING = {
  flagged: false,
  flagReason: null,
  model: null,
  inputTokens: 0,
  outputTokens: 0,
  cacheWriteTokens: 0,
  cacheReadTokens: 0,
  costUsd: 0,
  durationMs: 0,
} as const;

/** A variant's: no Claude job pending either. */
export const UNMETERED = { ...UNMETERED_WRITING, pendingJob: null } as const;
