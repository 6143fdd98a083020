/**
 * The text a reader sees in Markdown, read from marked's tokens: links give their text, images
 * their alt, code its content, emphasis its inner text, tables their cells. What the faithfulness
 * guard reads figures from, in a TL;DR and in a translated body alike, so both read them the same.
 * Pure.
 */
import type { Token, Tokens } from 'marked';

const ALNUM = /[\p{L}\p{N}]/u;

/** Joins blocks (paragraphs, list items, rows, breaks) with `separator`: a space to fold a TL;DR into one paragraph, a newline to keep a body's lines. */
export function visibleText(tokens: readonly Token[], separator: ' ' | '\n'): string {
  const inline = (list: readonly Token[] | undefined): string => (list ?? []).map((t, i, all) => text(t, all[i - 1], all[i + 1])).join('');
  const blocks = (list: readonly Token[]) => list.map((t) => text(t, undefined, undefined)).join(separator);

  function text(t: Token, before: Token | undefined, after: Token | undefined): string {
    switch (t.type) {
      case 'em':
      case 'strong':
      case 'del': {
        // Markup that is more likely part of a figure than emphasis stays as written, or the
        // faithfulness guard would compare a different number: one tilde means "about" in prose
        // (~$25B to ~$30B), and asterisks between letters or digits are arithmetic (2*3*4).
        const singleTilde = t.raw.startsWith('~') && !t.raw.startsWith('~~');
        const intraword = ALNUM.test(before?.raw.at(-1) ?? '') && ALNUM.test(after?.raw.at(0) ?? '');
        return singleTilde || intraword ? t.raw : inline(t.tokens);
      }
      case 'image':
        return t.text;
      case 'list':
        return (t as Tokens.List).items.map((item) => blocks(item.tokens)).join(separator);
      case 'table': {
        const table = t as Tokens.Table;
        return [table.header, ...table.rows].map((row) => row.map((c) => inline(c.tokens)).join(' | ')).join(separator);
      }
      case 'space':
      case 'br':
      case 'hr':
        return separator;
      default:
        if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) return inline(t.tokens);
        // Text, code, escapes and raw HTML: their text as written (HTML is shown, never obeyed).
        return 'text' in t && typeof t.text === 'string' ? t.text : '';
    }
  }
  return blocks(tokens);
}
