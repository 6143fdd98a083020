/**
 * A Markdown body's structure, read with marked's lexer (the parser the emails render with): what
 * a translation must keep. Pure.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { visibleText as readerText } from '../tldr/visible-text.js';

/** The parts of a body a translation keeps as they are, or in the same number. */
export interface Outline {
  /** Heading levels, in order. */
  headings: number[];
  /** Items per list, in order (nested lists included). */
  lists: number[];
  /** Link targets, sorted. */
  links: string[];
  /** Image sources, sorted. */
  images: string[];
  /** "rows×columns" per table, in order. */
  tables: string[];
  quotes: number;
  codeBlocks: number;
  paragraphs: number;
}

const lex = (md: string) => Lexer.lex(md, { gfm: true });

/** The outline of a Markdown body. */
export function outline(md: string): Outline {
  const o: Outline = { headings: [], lists: [], links: [], images: [], tables: [], quotes: 0, codeBlocks: 0, paragraphs: 0 };
  const walk = (tokens: readonly Token[] | undefined) => {
    for (const t of tokens ?? []) {
      switch (t.type) {
        case 'heading':
          o.headings.push(t.depth);
          break;
        case 'paragraph':
          o.paragraphs++;
          break;
        case 'list':
          o.lists.push((t as Tokens.List).items.length);
          for (const item of (t as Tokens.List).items) walk(item.tokens);
          continue;
        case 'table': {
          const table = t as Tokens.Table;
          o.tables.push(`${table.rows.length}×${table.header.length}`);
          for (const cell of [...table.header, ...table.rows.flat()]) walk(cell.tokens);
          continue;
        }
        case 'blockquote':
          o.quotes++;
          break;
        case 'code':
          o.codeBlocks++;
          break;
        case 'link':
          o.links.push((t as Tokens.Link).href);
          break;
        case 'image':
          o.images.push((t as Tokens.Image).href);
          break;
      }
      if ('tokens' in t && Array.isArray(t.tokens)) walk(t.tokens);
    }
  };
  walk(lex(md));
  o.links.sort();
  o.images.sort();
  return o;
}

const listed = (xs: readonly (string | number)[]) => (xs.length ? xs.join(', ') : 'none');

/** What differs between two multisets of strings, in words ("missing a; added b"). */
function setDifference(original: string[], translated: string[]): string {
  const left = [...translated];
  const missing: string[] = [];
  for (const x of original) {
    const i = left.indexOf(x);
    if (i >= 0) left.splice(i, 1);
    else missing.push(x);
  }
  return [missing.length ? `missing ${missing.join(', ')}` : '', left.length ? `added ${left.join(', ')}` : ''].filter(Boolean).join('; ');
}

/** Paragraphs may merge or split a little in another language; headings, lists, links may not. */
const paragraphSlack = (n: number) => Math.max(1, Math.round(n * 0.1));

/**
 * How the translation's structure departs from the original's, one sentence per difference
 * (empty when it is kept): the model is told exactly these when it is asked again.
 */
export function structureProblems(original: string, translated: string): string[] {
  const a = outline(original);
  const b = outline(translated);
  const out: string[] = [];
  if (a.headings.join() !== b.headings.join()) {
    out.push(`the original has ${a.headings.length} headings (levels ${listed(a.headings)}), the translation ${b.headings.length} (levels ${listed(b.headings)})`);
  }
  if (a.lists.join() !== b.lists.join()) {
    out.push(`the original's lists have ${listed(a.lists)} items, the translation's ${listed(b.lists)}`);
  }
  const links = setDifference(a.links, b.links);
  if (links) out.push(`the links differ (${links}); keep every link's URL exactly`);
  const images = setDifference(a.images, b.images);
  if (images) out.push(`the images differ (${images})`);
  if (a.tables.join() !== b.tables.join()) out.push(`the original's tables are ${listed(a.tables)}, the translation's ${listed(b.tables)}`);
  if (a.quotes !== b.quotes) out.push(`the original has ${a.quotes} quotes, the translation ${b.quotes}`);
  if (a.codeBlocks !== b.codeBlocks) out.push(`the original has ${a.codeBlocks} code blocks, the translation ${b.codeBlocks}`);
  if (Math.abs(a.paragraphs - b.paragraphs) > paragraphSlack(a.paragraphs)) {
    out.push(`the original has ${a.paragraphs} paragraphs, the translation ${b.paragraphs}; translate every paragraph`);
  }
  return out;
}

/**
 * The words a reader sees in a Markdown body: link text but not its URL, image descriptions,
 * code, table cells. What the faithfulness guard reads figures from.
 */
export function visibleText(md: string): string {
  return readerText(lex(md), '\n');
}
