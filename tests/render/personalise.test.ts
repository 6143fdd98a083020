/**
 * The render-once contract: for any recipient, `personalise(compileVariant(x), r)` is byte for
 * byte what rendering the template with the real values gives (`renderDirect`), in the HTML and
 * the plain text — and both refuse the same unusable recipients.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileVariant, personalise, renderDirect } from '../../src/render/compile.js';
import { RenderError } from '../../src/render/escape.js';
import { makeSentinels, splitOnSentinels } from '../../src/render/slots.js';
import type { CompiledVariant, Recipient, VariantInput } from '../../src/render/types.js';
import { BASE_URL, reader, seedPersonas, seedVariant, variantWithSource } from './fixtures.js';

const NASTY_NAMES = [
  '',
  '   ',
  `<script>alert("x")</script>`,
  `O'Brien & "Sons" <ltd>`,
  '&amp; &lt; &#x27; &#0;',
  'محمد بن سلمان',
  'שלום עליכם',
  '\u202eevil\u202c name',
  '👩‍👩‍👧‍👦 Family',
  'Zoë 🇦🇷 Ñandú',
  'line\r\nbreak\ttab',
  'nul\u0000byte',
  'zero\u200bwidth',
  'lone \uD800 surrogate \uDC00',
  'Ana'.repeat(80),
  '👍'.repeat(70),
  ' leading and trailing ',
  'PPx7NAME',
  'a  b\u00a0\u00a0c',
];

const nameArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...NASTY_NAMES),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", ' ', 'a', 'é', '\n', '—'), maxLength: 20 }),
);

const emailArb = fc.oneof(
  { weight: 4, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.constantFrom(`"<o'hara>"@example.com`, 'a&b@example.com', 'ü@bücher.example', ' \n ') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** Characters a URL's query may carry, including everything HTML escaping touches. */
const queryChar = fc.constantFrom(...'abcXYZ019-_.~%=&?/:+,;!*()$@\'"<>#[]{}|^`');
const token = fc.string({ unit: queryChar, minLength: 1, maxLength: 24 });

/** Mostly valid http(s) URLs with busy query strings; now and then one both paths must refuse. */
const urlArb = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .tuple(
        fc.constantFrom('https://', 'http://'),
        fc.constantFrom('news.example.com', 'localhost:3000', '[::1]:8080'),
        token,
        token,
      )
      .map(([scheme, host, path, query]) => `${scheme}${host}/u/${path}?t=${query}&x=1`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'javascript:alert(1)',
      'https://a.example/with space',
      'ftp://x.example/',
      '/relative',
      'https://ü.example/',
    ),
  },
);

const recipientArb: fc.Arbitrary<Recipient> = fc
  .record({
    name: nameArb,
    email: emailArb,
    unsubscribeUrl: urlArb,
    preferencesUrl: urlArb,
    webUrl: urlArb,
    readAs: fc.tuple(...seedPersonas.map(() => urlArb)),
  })
  .map(({ readAs, ...r }) => ({
    ...r,
    readAsUrls: Object.fromEntries(seedPersonas.map((p, i) => [p.slug, readAs[i]])),
  }));

type Outcome = { ok: true; html: Buffer; text: Buffer } | { ok: false; error: string };

async function outcome(run: () => Promise<{ html: string; text: string }>): Promise<Outcome> {
  try {
    const { html, text } = await run();
    return { ok: true, html: Buffer.from(html, 'utf8'), text: Buffer.from(text, 'utf8') };
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    return { ok: false, error: e.message };
  }
}

describe('personalise ≡ renderDirect', () => {
  const variants: VariantInput[] = [
    seedVariant(),
    variantWithSource('fallback'),
    seedVariant({ persona: seedPersonas[2], tldr: { text: 'Short & "quoted" <TL;DR>.', why: null, source: 'editor' } }),
    // Another chrome: the greeting is written in the variant's language.
    seedVariant({ language: 'es', tldr: { text: 'Resumen.', why: null, source: 'claude', language: 'es' } }),
  ];
  const compiled: CompiledVariant[] = [];
  beforeAll(async () => {
    for (const v of variants) compiled.push(await compileVariant(v));
  });

  it('is byte-identical (HTML and text) for 200 random recipients', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(variants.length - 1), recipientArb, async (i, r) => {
        const fast = await outcome(async () => personalise(compiled[i], r));
        const slow = await outcome(() => renderDirect(variants[i], r));
        if (!fast.ok) refused++;
        expect(fast.ok).toBe(slow.ok);
        if (fast.ok && slow.ok) {
          expect(fast.html.equals(slow.html)).toBe(true);
          expect(fast.text.equals(slow.text)).toBe(true);
        } else {
          expect(fast).toEqual(slow);
        }
      }),
      { numRuns: 200 },
    );
    // Most generated recipients are valid: the property is about rendering, not refusing.
    expect(refused).toBeLessThan(150);
  }, 60_000);

  it('matches on hand-picked edge cases', async () => {
    for (const name of [...NASTY_NAMES, null]) {
      const r = reader('k&y="1"', { name });
      const fast = personalise(compiled[0], r);
      const slow = await renderDirect(variants[0], r);
      expect(fast.html).toBe(slow.html);
      expect(fast.text).toBe(slow.text);
    }
  });

  it('greets by first name, or not at all when there is none', async () => {
    expect(personalise(compiled[0], reader('t', { name: 'Ana' })).text).toContain('Hi Ana,');
    expect(personalise(compiled[0], reader('t', { name: 'Ana Pérez' })).text).toContain('Hi Ana,');
    expect(personalise(compiled[0], reader('t', { name: null })).text).not.toMatch(/^Hi\b/m);
    expect(personalise(compiled[0], reader('t', { name: '  \n ' })).text).not.toMatch(/^Hi\b/m);
    const html = personalise(compiled[0], reader('t', { name: `<b>&"x"` })).html;
    expect(html).toContain('&lt;b&gt;&amp;&quot;x&quot;');
    expect(html).not.toContain('<b>&"x"');
  });

  it('escapes URLs in href exactly as React does, and keeps them verbatim in text', () => {
    const url = `${BASE_URL}/unsubscribe/a?b=1&c="2"&d='3'&e=<4>`;
    const out = personalise(compiled[0], reader('t', { unsubscribeUrl: url }));
    expect(out.html).toContain(
      `href="${BASE_URL}/unsubscribe/a?b=1&amp;c=&quot;2&quot;&amp;d=&#x27;3&#x27;&amp;e=&lt;4&gt;"`,
    );
    expect(out.text).toContain(url);
  });

  it('refuses a recipient without a URL for some persona', () => {
    const r = reader();
    delete r.readAsUrls.investor;
    expect(() => personalise(compiled[0], r)).toThrow(/investor/);
  });
});

describe('sentinel validation', () => {
  const s = makeSentinels(6);

  it('splits a document around every sentinel', () => {
    const doc = `<p>Hi ${s.values[0]}, ${s.values[1]}</p>${[2, 3, 4, 5].map((i) => `<a href="${s.values[i]}">x</a>`).join('')}`;
    const split = splitOnSentinels(doc, s, 'html');
    expect(split.slots).toEqual([0, 1, 2, 3, 4, 5]);
    expect(split.literals).toHaveLength(7);
  });

  it('throws when a sentinel is missing or mangled', () => {
    const mangled = `<p>Hi ${s.values[0].toUpperCase()}</p>`;
    expect(() => splitOnSentinels(mangled, s, 'text')).toThrow(RenderError);
    const truncated = `Hi ${s.values[0].slice(0, -1)} ${s.values.slice(1).join(' ')}`;
    expect(() => splitOnSentinels(truncated, s, 'text')).toThrow(/slot 0 is missing|mangled/);
  });

  it('throws when a URL lands outside an href or a name inside a tag', () => {
    const urlInText = `<p>${s.values.join(' ')}</p>`;
    expect(() => splitOnSentinels(urlInText, s, 'html')).toThrow(/context/);
    const nameInAttr = `<p title="${s.values[0]}">${s.values[1]}</p>${[2, 3, 4, 5].map((i) => `<a href="${s.values[i]}">x</a>`).join('')}`;
    expect(() => splitOnSentinels(nameInAttr, s, 'html')).toThrow(/context/);
  });

  it('compiles the seed with every slot in place', async () => {
    const v = await compileVariant(seedVariant());
    expect(new Set(v.htmlSlots)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(new Set(v.textSlots)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(v.html.join('')).not.toMatch(/\.invalid\//);
  });

  it('rejects a persona list without the variant persona', async () => {
    await expect(compileVariant(seedVariant({ persona: { slug: 'nobody', label: 'Nobody' } }))).rejects.toThrow(
      RenderError,
    );
  });
});
