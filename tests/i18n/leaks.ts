/**
 * Finding one language's words in another's output: every fixed fragment of a catalog (its
 * strings, and the literal parts of its messages around their arguments), and where any of them
 * shows up in an email or a page written for another language.
 */
import { CATALOGS, type Catalog, type ChromeLanguage } from '../../emails/i18n/index.js';

/** The probe every message argument gets: its spot splits the message into fixed fragments. */
const PROBE = 3;

function walk(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'function') {
    const args = Array.from({ length: value.length }, () => PROBE);
    out.push(...String((value as (...a: number[]) => string)(...args)).split(String(PROBE)));
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v, out);
}

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

/** The fixed fragments of a catalog worth looking for: trimmed, with at least four letters. */
export function fragments(catalog: Catalog): string[] {
  const out: string[] = [];
  // `meta` holds the language's own name (the switch shows every language's) and its locale.
  const { meta: _meta, ...words } = catalog;
  walk(words, out);
  return [...new Set(out.map((s) => s.trim()).filter((s) => letters(s) >= 4))];
}

/** Text as a reader meets it: tags dropped, entities decoded, plus the attributes people see or hear. */
export function readable(html: string): string {
  const attrs = [...html.matchAll(/\s(?:alt|title|aria-label|placeholder|content)="([^"]*)"/g)].map((m) => m[1]);
  const text = html.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]*>/g, ' ');
  return decode(`${text}\n${attrs.join('\n')}`);
}

function decode(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The fragments of the other languages' catalogs found in `text`, written for `language`.
 * A fragment that is also part of this language's own words ("TL;DR", "LinkedIn") is not a leak.
 */
export function leaks(text: string, language: ChromeLanguage): string[] {
  // Addresses are not words: `/editions/` is a path in every language.
  text = text.replace(/(?:https?:\/\/|mailto:|\/)[^\s"<>]*/g, ' ');
  const own = fragments(CATALOGS[language]);
  const found: string[] = [];
  for (const [code, catalog] of Object.entries(CATALOGS)) {
    if (code === language) continue;
    for (const f of fragments(catalog)) {
      if (own.some((o) => o.includes(f))) continue;
      if (new RegExp(`(?<![\\p{L}])${escapeRe(f)}(?![\\p{L}])`, 'u').test(text)) found.push(`${code}: ${f}`);
    }
  }
  return found;
}
