/**
 * The faithfulness guard: every figure a TL;DR states must be a figure the article states.
 *
 * Pure. Figures are compared by value, not by spelling, so "$25 billion", "$25B", "25 bn",
 * "25.000 millones de dólares", "25 Milliarden" and "250億ドル" are the same figure. Separators
 * and scale words differ between languages ("1,5" vs "1.5"; "billion" is 10^9 in English and
 * 10^12 in German), so a figure carries every value it could mean and matches when any of
 * them is in the article: the guard flags inventions, not translations.
 */

/** One figure found in a text: how it was written and every value it may stand for. */
export interface Figure {
  raw: string;
  percent: boolean;
  values: number[];
}

export interface GuardResult {
  ok: boolean;
  /** The TL;DR's figures (as written) that the article does not support. */
  unsupported: string[];
}

const SCALE_SUFFIXES: Record<string, number[]> = {
  k: [1e3],
  m: [1e6],
  mn: [1e6],
  mio: [1e6],
  b: [1e9],
  bn: [1e9],
  mrd: [1e9],
  t: [1e12],
  tn: [1e12],
};

/** Scale words, longest first so "mil millones" wins over "mil". Values cover every reading. */
const SCALE_WORDS: [string, number[]][] = [
  ['mil millones', [1e9]],
  ['mil milhões', [1e9]],
  ['thousand', [1e3]],
  ['millions', [1e6]],
  ['million', [1e6]],
  ['millones', [1e6]],
  ['millón', [1e6]],
  ['millon', [1e6]],
  ['milhões', [1e6]],
  ['milhão', [1e6]],
  ['millionen', [1e6]],
  ['milioni', [1e6]],
  ['milione', [1e6]],
  ['miljoen', [1e6]],
  ['milionów', [1e6]],
  ['miliony', [1e6]],
  ['milion', [1e6]],
  ['miljoner', [1e6]],
  ['miljon', [1e6]],
  ['billionen', [1e12]],
  ['billions', [1e9]],
  ['billion', [1e9]],
  ['billones', [1e12]],
  ['billón', [1e12]],
  ['billon', [1e12]],
  ['bilhões', [1e9]],
  ['bilhão', [1e9]],
  ['bilions', [1e9]],
  ['milliarden', [1e9]],
  ['milliarde', [1e9]],
  ['milliards', [1e9]],
  ['milliard', [1e9]],
  ['miliardi', [1e9]],
  ['miliardo', [1e9]],
  ['miliardów', [1e9]],
  ['miliardy', [1e9]],
  ['miliard', [1e9]],
  ['miljard', [1e9]],
  ['trillions', [1e12]],
  ['trillion', [1e12]],
  ['mil', [1e3]],
];
/** Languages where "billion" means 10^12 (the long scale) and "trillion" 10^18. */
const LONG_SCALE = new Set(['de', 'fr', 'nl', 'pl', 'sv']);

const CJK_SCALES: Record<string, number> = { 万: 1e4, 萬: 1e4, 億: 1e8, 亿: 1e8, 兆: 1e12, 만: 1e4, 억: 1e8, 조: 1e12, 千: 1e3 };

const PERCENT = /^\s?(?:%|\uFF05|percent\b|per cent\b|por ciento\b|por cento\b|pour cent\b|prozent\b|per cento\b|procent\b|pct\b)/i;

/** Number words (article side only: "ten years", "Five billion dollars"). */
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90, hundred: 100, dozen: 12, decade: 10,
  uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
  veinte: 20, treinta: 30, cien: 100, cuarenta: 40, cincuenta: 50,
};

/** Every value a digit string may mean, whichever separator convention it follows. */
export function readNumber(digits: string): number[] {
  const s = digits.replace(/[\s\u00a0\u202f]/g, '');
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  const out = new Set<number>();
  if (dots && commas) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    out.add(Number(s.split(thousands).join('').replace(decimal, '.')));
  } else if (dots + commas === 0) {
    out.add(Number(s));
  } else {
    const sep = dots ? '.' : ',';
    const parts = s.split(sep);
    const grouped = parts.slice(1).every((p) => p.length === 3) && parts[0].length <= 3;
    if (grouped) out.add(Number(parts.join('')));
    if (parts.length === 2) out.add(Number(parts.join('.')));
  }
  return [...out].filter(Number.isFinite);
}

function scaleAfter(rest: string, lang: string): { scales: number[]; length: number } {
  const suffix = /^\s?([a-z]{1,3})\.?(?![\p{L}\d])/iu.exec(rest);
  if (suffix) {
    const key = suffix[1].toLowerCase();
    // "5m" or "$25B", but not "5 m" (metres) or "5 t" (tonnes) when spaced and lower-case.
    const spaced = suffix[0].startsWith(' ');
    if (SCALE_SUFFIXES[key] && (!spaced || key.length > 1 || suffix[1] !== key)) {
      return { scales: SCALE_SUFFIXES[key], length: suffix[0].length };
    }
  }
  // One of CJK_SCALES' keys. Regex literals are written with \u escapes: esbuild copies them
  // as they are, and one non-ASCII character makes V8 hold the whole bundle's source at 2 bytes a char.
  const cjk = /^\s?([\u4E07\u842C\u5104\u4EBF\u5146\uB9CC\uC5B5\uC870\u5343])/u.exec(rest);
  if (cjk) {
    // 2,500億 / 250억: a second CJK unit may follow (1兆2000億 is read as separate figures).
    return { scales: [CJK_SCALES[cjk[1]]], length: cjk[0].length };
  }
  const lower = rest.toLowerCase();
  for (const [word, scales] of SCALE_WORDS) {
    const m = new RegExp(`^\\s+(?:de\\s+)?${word}(?![\\p{L}])`, 'u').exec(lower);
    if (!m) continue;
    const long = LONG_SCALE.has(lang) && /^(?:b|tr)illions?$/.test(word);
    // In a long-scale language "billion" is 10^12, but an English word may have slipped in: both count.
    return { scales: long ? [...scales, ...scales.map((v) => v * 1e3)] : scales, length: m[0].length };
  }
  return { scales: [1], length: 0 };
}

/** A letter of a script that separates words with spaces, right before the digits. */
const GLUED = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]-?$/u;

/**
 * The figures written with digits in `text`. Digits glued to letters on their left are
 * names, not figures ("H100", "GPT-5.5", "Opus 4.7" is a figure but "Claude3" is not).
 */
export function extractFigures(input: string, { words = false, lang = 'en' }: { words?: boolean; lang?: string } = {}): Figure[] {
  const text = input.normalize('NFKC');
  const figures: Figure[] = [];
  const re = /\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (GLUED.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    const digits = m[0].replace(/[.,]$/, '');
    const rest = text.slice(m.index + digits.length);
    const scale = scaleAfter(rest, lang);
    const percent = PERCENT.test(rest.slice(scale.length));
    const values = readNumber(digits).flatMap((v) => scale.scales.map((s) => v * s));
    const end = m.index + digits.length + scale.length;
    figures.push({ raw: figureText(text, m.index, end, percent), percent, values });
    if (scale.length) re.lastIndex = Math.max(re.lastIndex, end);
  }
  if (words) figures.push(...extractWordFigures(text, lang));
  return figures;
}

function figureText(text: string, start: number, end: number, percent: boolean): string {
  const prefix = /(?:US\$|[$\u20AC\u00A3\u00A5])\s?$/.exec(text.slice(Math.max(0, start - 4), start))?.[0] ?? '';
  const pct = percent ? (PERCENT.exec(text.slice(end))?.[0] ?? '') : '';
  const written = (prefix + text.slice(start, end) + pct).trim();
  return /(?:mrd|mio)\.$/i.test(written) ? written : written.replace(/\.$/, '');
}

function extractWordFigures(text: string, lang: string): Figure[] {
  const out: Figure[] = [];
  const re = /\p{L}+/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const n = NUMBER_WORDS[m[0].toLowerCase()];
    if (n === undefined) continue;
    const rest = text.slice(m.index + m[0].length);
    const scale = scaleAfter(rest, lang);
    const percent = PERCENT.test(rest.slice(scale.length));
    out.push({ raw: m[0], percent, values: scale.scales.map((s) => n * s) });
  }
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Checks that every figure of `summary` appears in `article`. Percentages match percentages;
 * other figures match by value whatever their currency sign or scale word.
 */
export function checkFigures(
  summary: string,
  article: string,
  languages: { summary?: string; article?: string } = {},
): GuardResult {
  const known = extractFigures(article, { words: true, lang: languages.article });
  const unsupported: string[] = [];
  for (const f of extractFigures(summary, { lang: languages.summary })) {
    const found = known.some((k) => k.percent === f.percent && k.values.some((kv) => f.values.some((fv) => same(kv, fv))));
    if (!found && !unsupported.includes(f.raw)) unsupported.push(f.raw);
  }
  return { ok: unsupported.length === 0, unsupported };
}
