/**
 * Token counting and prompt-cache accounting for the fake Anthropic server, following
 * https://platform.claude.com/docs/en/build-with-claude/prompt-caching:
 * - the prompt is tools → system → messages; a breakpoint (`cache_control`) caches the prefix up
 *   to and including its block; top-level `cache_control` puts one on the last block;
 * - a hit is looked up at each breakpoint and up to 20 blocks before it; a hit refreshes the TTL
 *   (`5m` default, `1h`); prefixes shorter than the model's minimum are silently not written;
 * - `input_tokens` counts only what comes after the last cached/written breakpoint, so
 *   total input = cache_read + cache_creation + input_tokens.
 * Tokens are approximated as ceil(chars / 4) of each block's serialized content.
 */
import { createHash } from 'node:crypto';

export const tokensOf = (s: string): number => Math.ceil(s.length / 4);

/**
 * Minimum cacheable prefix per model, from the prompt-caching docs: 4096 for Claude Opus 4.5–4.7,
 * Haiku 4.5 and Mythos Preview; 2048 for the Haiku 3.x models; 1024 for Sonnet 4.5/4.6, Opus 4.1/4.8
 * and (an assumption) newer models the docs we could read do not list.
 */
export function defaultMinCacheTokens(model: string): number {
  if (/^claude-(opus-4-[567]|haiku-4-5|mythos-preview)/.test(model)) return 4096;
  if (/^claude-(3-5-haiku|3-haiku)/.test(model)) return 2048;
  return 1024;
}

export interface PromptBlock {
  /** What identifies the block for the cache (role + serialized content, without cache_control). */
  key: string;
  tokens: number;
  ttl?: '5m' | '1h';
}

type Obj = Record<string, unknown>;
const withoutCache = (b: Obj): string => {
  const { cache_control: _drop, ...rest } = b;
  return JSON.stringify(rest);
};
const ttlOf = (cc: unknown): PromptBlock['ttl'] => (cc && typeof cc === 'object' ? ((cc as Obj).ttl === '1h' ? '1h' : '5m') : undefined);

/** Flattens a (validated) Messages request into the ordered blocks its prompt is made of. */
export function promptBlocks(body: Obj): PromptBlock[] {
  const out: PromptBlock[] = [];
  const push = (key: string, tokenText: string, cc?: unknown) => out.push({ key, tokens: tokensOf(tokenText), ttl: ttlOf(cc) });
  for (const t of (body.tools as Obj[] | undefined) ?? []) {
    const s = withoutCache(t);
    push(`tool:${s}`, s, t.cache_control);
  }
  if (typeof body.system === 'string') push(`system:${body.system}`, body.system);
  else for (const b of (body.system as Obj[] | undefined) ?? []) push(`system:${b.text as string}`, b.text as string, b.cache_control);
  for (const m of body.messages as Obj[]) {
    if (typeof m.content === 'string') {
      push(`${m.role as string}:${m.content}`, m.content);
      continue;
    }
    for (const b of m.content as Obj[]) {
      const s = b.type === 'text' ? (b.text as string) : withoutCache(b);
      push(`${m.role as string}:${b.type as string}:${s}`, s, b.cache_control);
    }
  }
  if (body.cache_control && out.length > 0 && !out[out.length - 1].ttl) out[out.length - 1].ttl = ttlOf(body.cache_control);
  return out;
}

export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;
const LOOKBACK = 20;

/** The organisation's prompt cache: prefix hash → expiry. */
export class PromptCache {
  private entries = new Map<string, { expiresAt: number; ttlMs: number }>();
  constructor(private readonly now: () => number) {}

  private alive(hash: string): boolean {
    const e = this.entries.get(hash);
    if (!e) return false;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(hash);
      return false;
    }
    return true;
  }

  /** Accounts one request: reads the longest cached prefix, writes the breakpoints after it. */
  account(model: string, blocks: PromptBlock[], minTokens: number): CacheUsage {
    const hashes: string[] = [];
    const cum: number[] = [];
    let h = createHash('sha1').update(model).digest('hex');
    let total = 0;
    for (const b of blocks) {
      h = createHash('sha1').update(h).update('\u0000').update(b.key).digest('hex');
      total += b.tokens;
      hashes.push(h);
      cum.push(total);
    }
    const bps = blocks.flatMap((b, i) => (b.ttl ? [i] : []));

    let readIdx = -1;
    for (const bp of bps) {
      for (let j = bp; j >= Math.max(0, bp - LOOKBACK + 1); j--) {
        if (this.alive(hashes[j])) {
          readIdx = Math.max(readIdx, j);
          break;
        }
      }
    }
    const read = readIdx >= 0 ? cum[readIdx] : 0;
    if (readIdx >= 0) {
      const e = this.entries.get(hashes[readIdx])!;
      e.expiresAt = this.now() + e.ttlMs;
    }

    const creation = { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 };
    const writable = bps.filter((bp) => bp > readIdx && cum[bp] >= minTokens);
    const writeEnd = writable.length ? writable[writable.length - 1] : -1;
    let prevEnd = read;
    for (const bp of bps) {
      if (bp <= readIdx || bp > writeEnd) continue;
      const ttl = blocks[bp].ttl!;
      if (cum[bp] >= minTokens) this.entries.set(hashes[bp], { expiresAt: this.now() + TTL_MS[ttl], ttlMs: TTL_MS[ttl] });
      creation[ttl === '1h' ? 'ephemeral_1h_input_tokens' : 'ephemeral_5m_input_tokens'] += cum[bp] - prevEnd;
      prevEnd = cum[bp];
    }
    const covered = Math.max(readIdx, writeEnd);
    return {
      input_tokens: total - (covered >= 0 ? cum[covered] : 0),
      cache_creation_input_tokens: writeEnd >= 0 ? cum[writeEnd] - read : 0,
      cache_read_input_tokens: read,
      cache_creation: creation,
    };
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Total input tokens of a request, for `count_tokens`. */
export const countTokens = (body: Obj): number => promptBlocks(body).reduce((n, b) => n + b.tokens, 0);
