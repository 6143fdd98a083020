/**
 * What the seed edition's email must contain, in the HTML and in the plain text: every part of
 * the seed (PRODUCT.md's table), honest TL;DR credits, the reader's links, the legal footer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileVariant, personalise, renderDirect } from '../../src/render/compile.js';
import { escapeHtml } from '../../src/render/escape.js';
import type { RenderedEmail } from '../../src/render/types.js';
import { BASE_URL, POSTAL, reader, seedPersonas, seedRow, seedTldr, seedVariant, variantWithSource } from './fixtures.js';

/** `needle` as React writes it into HTML. */
const inHtml = (needle: string) => escapeHtml(needle);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" };

/** Roughly what a client displays: tags dropped, the entities our renderers emit decoded. */
function visibleText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => ENTITIES[e]);
}

const CLAUDE = '✦ Summarized with Claude at publish time';
const EDITOR = '✦ Summary by the editor';
const FALLBACK = "✦ Summary by the editor (a summary for your profile wasn't available)";

describe('the seed edition email', () => {
  const r = reader('tok&1');
  let email: RenderedEmail;
  beforeAll(async () => {
    email = personalise(await compileVariant(seedVariant()), r);
  });

  it('stays well under Gmail’s 102 KB clipping limit (target < 60 KB)', () => {
    const bytes = Buffer.byteLength(email.html, 'utf8');
    expect(bytes).toBeLessThan(102 * 1024);
    expect(bytes).toBeLessThan(60 * 1024);
  });

  it.each([
    ['masthead', 'Primera Plana · The AI Landscape · Edition #0058'],
    ['title', seedRow.title],
    ['dek', seedRow.dek],
    ['author', 'Germán Falcioni'],
    ['date and the editor’s reading time', 'April 21, 2026 · ✦ Reading: 9 min'],
    ['caption', 'Editorial illustration · AI-generated for edition #0058'],
    ['TL;DR', seedTldr.text],
    ['why it matters', `Why it matters to you: ${seedTldr.why}`],
    ['Read it as', 'AI rewrite · Read it as…'],
    ['greeting', 'Hi Ana,'],
    ['TL;DR kicker', 'TL;DR for the Everyday reader'],
    ['reply line', 'Just reply — we read everything.'],
    ['a section heading', 'What changes — and what doesn’t — for Claude users'.replace('’', "'")],
    ['next article', 'Next article'],
    ['next title', seedRow.next!.title],
    ['reason', 'You’re receiving this because you subscribed to Primera Plana as “Everyday reader”.'.replace('’', "'")],
    ['postal address', POSTAL],
    ['recipient address', 'Sent to ana@example.com'],
  ])('shows the %s in HTML and text', (_, needle) => {
    expect(email.text).toContain(needle);
    expect(visibleText(email.html)).toContain(needle);
  });

  it('links every "Read it as…" persona to this reader’s URL, in HTML and text', () => {
    for (const p of seedPersonas) {
      const url = r.readAsUrls[p.slug];
      expect(email.html).toMatch(new RegExp(`href="${escapeRe(inHtml(url))}"[^>]*>${escapeRe(p.label)}</a>`));
      expect(email.text).toContain(`${p.label} ${url}`);
    }
  });

  it('carries the reader’s footer links and "View in browser" in HTML and text', () => {
    for (const [label, url] of [
      ['Unsubscribe', r.unsubscribeUrl],
      ['Change your preferences', r.preferencesUrl],
      ['View in browser', r.webUrl],
      ['Subscribe', `${BASE_URL}/?lang=en`],
    ]) {
      expect(email.html).toMatch(new RegExp(`href="${escapeRe(inHtml(url))}"[^>]*>${label}</a>`));
      expect(email.text).toContain(`${label} ${url}`);
    }
    expect(email.text).toContain(`${seedRow.next!.title} → ${seedRow.next!.url}`);
  });

  it('puts "View in browser" before the masthead', () => {
    expect(email.text.indexOf('View in browser')).toBeLessThan(email.text.indexOf('Primera Plana · The AI'));
  });

  it('shows the illustration with alt text and a width, and no image carries text', () => {
    const art = seedRow.illustration!;
    expect(email.html).toContain(`alt="${inHtml(art.alt)}"`);
    expect(email.html).toMatch(/<img[^>]+width="536"/);
    expect(email.html).not.toMatch(/background-image/);
  });

  it('declares light and dark colour schemes, a preheader, the language, and no Tailwind', () => {
    expect(email.html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(email.html).toContain('prefers-color-scheme:dark');
    expect(email.html).toContain('<html dir="ltr" lang="en">');
    expect(email.html).toMatch(/data-skip-in-text="true">Amazon committed an additional \$25 billion/);
    expect(email.html).not.toMatch(/class="[^"]*\b(?:text-|bg-|px-|py-)/);
  });

  it('draws the author avatar as a styled initial, not an image, and leaves it out of the text', () => {
    expect(email.html).toMatch(/border-radius:20px[^>]*>G<\/div>/);
    expect(email.text).not.toMatch(/^G$/m);
  });
});

describe('a bare edition', () => {
  it('renders without dek, author, section, illustration or next article, identically on both paths', async () => {
    const edition = {
      ...seedRow,
      dek: '',
      author: '',
      section: '',
      illustration: null,
      next: null,
      body: 'Just one line.',
      readingTime: null,
    };
    const input = seedVariant({ edition });
    const r = reader('bare', { name: null });
    const email = personalise(await compileVariant(input), r);
    expect(email).toEqual(await renderDirect(input, r));
    expect(email.text).toContain('Primera Plana · Edition #0058');
    expect(email.text).not.toMatch(/^Hi\b/m);
    expect(email.html).not.toContain('<img');
    expect(email.text).not.toContain('Next article');
    expect(email.text).toContain('✦ Reading: 1 min');
  });
});

describe('the TL;DR credit line', () => {
  it.each([
    ['claude', CLAUDE, [EDITOR]],
    ['editor', EDITOR, [CLAUDE, FALLBACK]],
    ['fallback', FALLBACK, [CLAUDE]],
  ] as const)('for a %s TL;DR says only what is true', async (source, shown, hidden) => {
    const email = personalise(await compileVariant(variantWithSource(source)), reader());
    expect(email.text).toContain(shown);
    expect(email.html).toContain(inHtml(shown));
    for (const h of hidden) {
      expect(email.text.split('\n')).not.toContain(h);
      expect(email.html).not.toContain(`>${inHtml(h)}<`);
    }
    if (source !== 'claude') expect(email.text).not.toContain('Summarized with Claude');
  });

  it('omits the "why it matters" line when there is none', async () => {
    const email = personalise(await compileVariant(seedVariant({ tldr: { ...seedTldr, why: null } })), reader());
    expect(email.text).not.toContain('Why it matters to you');
  });
});

describe('the edition body', () => {
  const hostile = [
    'Before <script>alert("pwned")</script> after.',
    '',
    '<img src=x onerror=alert(1)>',
    '',
    '[click me](javascript:alert(1)) and [data](data:text/html;base64,xx) and [ok](https://example.com/?a=1&b=2)',
    '',
    '## A heading',
    '',
    '- one',
    '- **two**',
    '',
    '1. first',
    '2. *second*',
    '',
    '> quoted',
    '',
    '---',
  ].join('\n');
  let email: RenderedEmail;
  beforeAll(async () => {
    email = personalise(await compileVariant(seedVariant({ edition: { ...seedRow, body: hostile } })), reader());
  });

  it('escapes raw HTML instead of passing it through', () => {
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).not.toMatch(/<img src="?x/i);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(email.text).toContain('Before <script>alert("pwned")</script> after.');
  });

  it('drops javascript: and data: links but keeps their text, and keeps https links', () => {
    expect(email.html).not.toMatch(/href="(?:javascript|data):/i);
    expect(email.html).toContain('click me');
    expect(email.html).toMatch(/<a href="https:\/\/example\.com\/\?a=1&amp;b=2"[^>]*style="[^"]+">ok<\/a>/);
  });

  it('renders headings, lists, quotes, emphasis and rules, all inline-styled', () => {
    for (const tag of ['h2', 'ul', 'ol', 'li', 'blockquote', 'hr', 'p']) {
      expect(email.html).toMatch(new RegExp(`<${tag} [^>]*style="`));
    }
    expect(email.html).toContain('<strong>two</strong>');
    expect(email.html).toContain('<em>second</em>');
    expect(email.text).toContain('A heading');
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
