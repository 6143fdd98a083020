/**
 * An edition's Markdown body → HTML that survives email clients: every element inline-styled,
 * raw HTML shown as text (never passed through), links limited to http, https and mailto.
 * We walk marked's tokens ourselves instead of overriding its renderer, so nothing reaches the
 * output without going through an escape in this file.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { cls, color, font } from './theme.js';

/** Protocols a link in an edition body may use; everything else is dropped to its text. */
const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

/**
 * The href to use for an author's link, or null when it is unsafe or relative (an email has no
 * base URL). Control characters go first, as browsers strip them before reading the scheme
 * (`java\tscript:` is `javascript:` to them).
 */
export function safeLinkHref(href: string): string | null {
  const cleaned = href
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .replace(/ /g, '%20');
  return SAFE_LINK.test(cleaned) ? cleaned : null;
}

const css = {
  p: `margin:0 0 20px;font-family:${font.serif};font-size:18px;line-height:30px;color:${color.text}`,
  h2: `margin:36px 0 14px;font-family:${font.serif};font-size:23px;line-height:30px;font-weight:700;color:${color.ink}`,
  h3: `margin:28px 0 10px;font-family:${font.sans};font-size:17px;line-height:24px;font-weight:700;color:${color.ink}`,
  a: `color:${color.accent};text-decoration:underline`,
  list: `margin:0 0 20px;padding:0 0 0 26px;font-family:${font.serif};font-size:18px;line-height:30px;color:${color.text}`,
  li: 'margin:0 0 8px',
  quote: `margin:0 0 20px;padding:2px 0 2px 18px;border-left:3px solid ${color.rule};font-style:italic;color:${color.muted}`,
  hr: `border:none;border-top:1px solid ${color.rule};margin:32px 0`,
  code: `font-family:${font.mono};font-size:15px;background-color:${color.tint};padding:1px 4px`,
  pre: `margin:0 0 20px;padding:14px 16px;background-color:${color.tint};font-family:${font.mono};font-size:14px;line-height:21px;white-space:pre-wrap;word-break:break-word;color:${color.text}`,
  img: 'display:block;max-width:100%;height:auto;border:0;margin:0 0 20px',
  table: `width:100%;border-collapse:collapse;margin:0 0 20px;font-family:${font.sans};font-size:15px;line-height:22px;color:${color.text}`,
  cell: `border-bottom:1px solid ${color.rule};padding:8px 6px;text-align:left;vertical-align:top`,
} as const;

/** Full escaping, for code and attribute values. */
function escapeAll(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// CommonMark lets authors write entity references (`&copy;`, `&#8212;`); they cannot open a tag,
// so they are kept. Every other `&` is escaped.
const BARE_AMP = /&(?!#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[a-zA-Z][a-zA-Z0-9]{1,31};)/g;

/** Escaping for prose: like `escapeAll`, but keeps the author's entity references. */
function escapeText(s: string): string {
  return s
    .replace(BARE_AMP, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const tag = (name: string, style: string, inner: string, extra = '') =>
  `<${name}${extra} style="${style}">${inner}</${name}>`;

function inline(tokens: Token[] | undefined): string {
  let out = '';
  for (const t of tokens ?? []) out += inlineToken(t);
  return out;
}

function inlineToken(t: Token): string {
  switch (t.type) {
    case 'text':
      return t.tokens ? inline(t.tokens) : escapeText(t.text);
    case 'escape':
      return escapeAll(t.text);
    case 'strong':
      return `<strong>${inline(t.tokens)}</strong>`;
    case 'em':
      return `<em>${inline(t.tokens)}</em>`;
    case 'del':
      return `<del>${inline(t.tokens)}</del>`;
    case 'codespan':
      return tag('code', css.code, escapeAll(t.text));
    case 'br':
      return '<br/>';
    case 'link': {
      const href = safeLinkHref((t as Tokens.Link).href);
      const text = inline(t.tokens);
      return href === null ? text : `<a href="${escapeAll(href)}" class="${cls.link}" style="${css.a}">${text}</a>`;
    }
    case 'image': {
      const img = t as Tokens.Image;
      const src = safeLinkHref(img.href);
      if (src === null || src.startsWith('mailto:')) return escapeText(img.text);
      return `<img src="${escapeAll(src)}" alt="${escapeAll(img.text)}" style="${css.img}"/>`;
    }
    case 'html':
      // Raw HTML is shown, not obeyed: an edition is text, and this is a mail to many people.
      return escapeAll(t.text);
    default:
      return 'text' in t && typeof t.text === 'string' ? escapeText(t.text) : '';
  }
}

function block(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) out += blockToken(t);
  return out;
}

function listItem(item: Tokens.ListItem): string {
  // In a tight list marked wraps the text in a bare `text` token; in a loose one, paragraphs.
  const body = item.tokens
    .map((t) => (t.type === 'text' ? inlineToken(t) : t.type === 'paragraph' ? inline(t.tokens) : blockToken(t)))
    .join('');
  const box = item.task ? (item.checked ? '☑ ' : '☐ ') : '';
  return tag('li', css.li, box + body);
}

function blockToken(t: Token): string {
  switch (t.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph':
      return tag('p', css.p, inline(t.tokens), ` class="${cls.text}"`);
    case 'heading': {
      // `#` is the edition's title's rank; the body's sections start at h2.
      const level = t.depth <= 2 ? 'h2' : 'h3';
      return tag(level, level === 'h2' ? css.h2 : css.h3, inline(t.tokens), ` class="${cls.ink}"`);
    }
    case 'blockquote':
      return tag('blockquote', css.quote, block(t.tokens ?? []), ` class="${cls.muted} ${cls.rule}"`);
    case 'list': {
      const list = t as Tokens.List;
      const name = list.ordered ? 'ol' : 'ul';
      const start = list.ordered && list.start !== '' && list.start !== 1 ? ` start="${Number(list.start)}"` : '';
      return tag(name, css.list, list.items.map(listItem).join(''), `${start} class="${cls.text}"`);
    }
    case 'hr':
      return `<hr class="${cls.rule}" style="${css.hr}"/>`;
    case 'code':
      return tag('pre', css.pre, escapeAll(t.text), ` class="${cls.text} ${cls.tint}"`);
    case 'html':
      return tag('p', css.p, escapeAll(t.text.trim()), ` class="${cls.text}"`);
    case 'table': {
      const table = t as Tokens.Table;
      const cell = (c: Tokens.TableCell, name: 'th' | 'td') => tag(name, css.cell, inline(c.tokens));
      const head = `<tr>${table.header.map((c) => cell(c, 'th')).join('')}</tr>`;
      const rows = table.rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('');
      return tag('table', css.table, `<tbody>${head}${rows}</tbody>`, ` role="presentation" class="${cls.text}"`);
    }
    default:
      return 'tokens' in t && Array.isArray(t.tokens) ? tag('p', css.p, inline(t.tokens)) : '';
  }
}

/** Markdown (GFM) → email-safe, inline-styled HTML. Pure; the same input gives the same bytes. */
export function markdownToEmailHtml(md: string): string {
  return block(Lexer.lex(md, { gfm: true }));
}

function collectWords(tokens: Token[] | undefined, words: { n: number }): void {
  for (const t of tokens ?? []) {
    if (t.type === 'list') {
      for (const item of (t as Tokens.List).items) collectWords(item.tokens, words);
    } else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) {
      collectWords(t.tokens, words);
    } else if (t.type === 'text' || t.type === 'codespan' || t.type === 'code' || t.type === 'escape') {
      words.n += t.text.split(/\s+/).filter((w: string) => /[\p{L}\p{N}]/u.test(w)).length;
    }
  }
}

/** Words a reader reads in the body: link targets, markup and punctuation-only tokens excluded. */
export function wordCount(md: string): number {
  const words = { n: 0 };
  collectWords(Lexer.lex(md, { gfm: true }), words);
  return words.n;
}

/** Average adult silent-reading speed for non-fiction, words per minute. */
export const WORDS_PER_MINUTE = 230;

/** "✦ Reading: N min" — minutes to read the body at ~230 wpm, at least 1. */
export function readingMinutes(md: string): number {
  return Math.max(1, Math.round(wordCount(md) / WORDS_PER_MINUTE));
}
