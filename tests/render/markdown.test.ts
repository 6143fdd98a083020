/**
 * Markdown → email-safe HTML, and the reading time.
 */
import { describe, expect, it } from 'vitest';
import { markdownToEmailHtml, readingMinutes, safeLinkHref, wordCount } from '../../emails/components/markdown.js';
import { seedRow } from './fixtures.js';

describe('markdownToEmailHtml', () => {
  it('styles every block element inline and keeps the seed’s four section headings', () => {
    const html = markdownToEmailHtml(seedRow.body);
    expect(html.match(/<h2 /g)).toHaveLength(4);
    expect(html).toContain('>What the deal actually says — and what it leaves out</h2>');
    for (const m of html.matchAll(/<(p|h2|h3|ul|ol|li|blockquote|hr|pre|table|code|img|a)\b([^>]*)>/g)) {
      expect(m[2], `<${m[1]}> without style`).toMatch(/style="/);
    }
  });

  it('escapes raw HTML, block and inline', () => {
    const html = markdownToEmailHtml('<div onclick="x()">hi</div>\n\nText <b>bold</b> <iframe src="//evil"></iframe>');
    expect(html).not.toMatch(/<(div|b|iframe)\b/);
    expect(html).toContain('&lt;div onclick=&quot;x()&quot;&gt;hi&lt;/div&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  it('keeps http, https and mailto links; drops the rest to their text', () => {
    const html = markdownToEmailHtml(
      '[a](https://a.example/?x=1&y="2") [b](mailto:b@example.com) [c](javascript:alert(1)) [d](JaVaScRiPt:alert(1)) [e](java\tscript:x) [f](/relative) [g](vbscript:x)',
    );
    expect(html).toContain('href="https://a.example/?x=1&amp;y=&quot;2&quot;"');
    expect(html).toContain('href="mailto:b@example.com"');
    expect(html.match(/<a /g)).toHaveLength(2);
    for (const t of ['c', 'd', 'f', 'g']) expect(html).toContain(` ${t}`);
    expect(html).not.toMatch(/href="[^"]*script/i);
  });

  it('renders emphasis, strong, code, lists with their start, quotes and rules', () => {
    const html = markdownToEmailHtml('*em* **strong** `a<b`\n\n3. three\n4. four\n\n- x\n\n> q\n\n***');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<strong>strong</strong>');
    expect(html).toMatch(/<code style="[^"]+">a&lt;b<\/code>/);
    expect(html).toMatch(/<ol start="3"/);
    expect(html).toMatch(/<ul /);
    expect(html).toMatch(/<blockquote [^>]+><p [^>]+>q<\/p><\/blockquote>/);
    expect(html).toMatch(/<hr [^>]+\/>/);
  });

  it('keeps the author’s entity references but escapes bare ampersands', () => {
    expect(markdownToEmailHtml('AT&T &copy; &#8212; &bogus')).toContain('AT&amp;T &copy; &#8212; &amp;bogus');
  });

  it('only lets images with http(s) sources through, with their alt text', () => {
    expect(markdownToEmailHtml('![chart](https://x.example/c.png)')).toMatch(
      /<img src="https:\/\/x\.example\/c\.png" alt="chart"/,
    );
    expect(markdownToEmailHtml('![chart](javascript:x)')).not.toContain('<img');
  });
});

describe('safeLinkHref', () => {
  it('normalises what browsers would, then allows only safe schemes', () => {
    expect(safeLinkHref(' https://a.example/x y ')).toBe('https://a.example/x%20y');
    expect(safeLinkHref('\u0000javascript:alert(1)')).toBeNull();
    expect(safeLinkHref('data:text/html,x')).toBeNull();
  });
});

describe('readingMinutes', () => {
  it('counts words at ~230 per minute, at least one minute', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes('word '.repeat(2300))).toBe(10);
    expect(readingMinutes('word '.repeat(344))).toBe(1);
    expect(readingMinutes('word '.repeat(345))).toBe(2);
  });

  it('ignores link targets and markup', () => {
    expect(wordCount('## Two words\n\n[three more words](https://very.long.example/path) — *four*')).toBe(6);
  });

  it('gives the seed edition 3 minutes (763 words)', () => {
    // The seed's page says "9 min", but its body is 784 whitespace-separated tokens, 763 of them
    // words (the rest are dashes): 3 minutes at 230 wpm.
    expect(wordCount(seedRow.body)).toBe(763);
    expect(readingMinutes(seedRow.body)).toBe(3);
  });
});
