/**
 * The fake Claude as a translator. `readTranslationRequest` reads the service's translation
 * request strictly (the JSON Schema of the answer, the article as the cached second system block,
 * the language asked for, a correction turn) and throws on anything else, so a prompt that drifts
 * fails the tests instead of being answered anyway. `pseudoTranslate` answers like a translator
 * would, deterministically: the Markdown structure and every URL kept, amounts written the target
 * language's way ("$25 billion" → "25.000 millones de dólares", "25 milliards de dollars",
 * "US$ 25 bilhões"), and common words swapped from a small glossary.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageRequest, Responder } from './anthropic-respond.js';

export interface ArticleParts {
  title: string;
  dek: string;
  body: string;
}

/** A translation request as the fake understood it. */
export interface TranslationAsk {
  /** The article's language, as the request names it ("English"). */
  from: string;
  /** The language asked for, as a code ("es"). */
  to: string;
  article: ArticleParts;
  /** On a second try: the refused translation and what was wrong with it. */
  correction: { previous: ArticleParts; problem: string } | null;
}

const SCHEMA = {
  type: 'object',
  properties: { title: { type: 'string' }, dek: { type: 'string' }, body: { type: 'string' } },
  required: ['title', 'dek', 'body'],
  additionalProperties: false,
};

/** English language names → codes, for the languages readers may choose. */
const CODES = new Map(
  ['en', 'es', 'pt', 'fr', 'de', 'it', 'nl', 'ca', 'pl', 'sv', 'ja', 'zh', 'ko', 'ar', 'he', 'hi'].map((c) => [new Intl.DisplayNames(['en'], { type: 'language' }).of(c)!, c]),
);

const ARTICLE = /^<article language="([^"]+)">\n<title>(.*)<\/title>\n<dek>(.*)<\/dek>\n<body>\n([\s\S]*)\n<\/body>\n<\/article>$/;
const ASK = /^Translate the article into ([A-Z][a-z]+)(?: \([^)]+\))?\.$/;
const AGAIN = /^That translation cannot be used: ([\s\S]+)\. Translate the whole article into ([A-Z][a-z]+)(?: \([^)]+\))? again, following every rule\.$/;

const textOf = (m: Anthropic.MessageParam) => (typeof m.content === 'string' ? m.content : '');

/** Whether the request asks for the translation object (its structured output names title, dek, body). */
export function isTranslationRequest(req: MessageRequest): boolean {
  const props = (req.output_config?.format?.schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return !!props && 'body' in props && 'title' in props;
}

/** Reads a translation request, or throws saying what is not as the service must send it. */
export function readTranslationRequest(req: MessageRequest): TranslationAsk {
  const schema = req.output_config?.format?.schema as Record<string, unknown> | undefined;
  const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const shape = { ...schema, properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, { type: v.type }])) };
  if (JSON.stringify(shape) !== JSON.stringify(SCHEMA)) throw new Error(`translation: unexpected answer schema ${JSON.stringify(schema)}`);
  const system = req.system;
  if (!Array.isArray(system) || system.length !== 2) throw new Error('translation: system must be [instructions, article]');
  if (!system[0].text.includes('translate')) throw new Error('translation: the first system block must be the instructions');
  if (JSON.stringify(system[1].cache_control) !== '{"type":"ephemeral"}') throw new Error('translation: the article block must carry the cache breakpoint');
  const a = ARTICLE.exec(system[1].text);
  if (!a) throw new Error('translation: the second system block is not an <article> with <title>, <dek> and <body>');
  const article = { title: a[2], dek: a[3], body: a[4] };
  const turns = req.messages;
  const ask = ASK.exec(textOf(turns[0]));
  if (turns[0].role !== 'user' || !ask) throw new Error(`translation: unexpected first turn ${JSON.stringify(turns[0])}`);
  const to = CODES.get(ask[1]);
  if (!to) throw new Error(`translation: unknown language "${ask[1]}"`);
  if (turns.length === 1) return { from: a[1], to, article, correction: null };
  const again = turns.length === 3 && turns[1].role === 'assistant' && turns[2].role === 'user' ? AGAIN.exec(textOf(turns[2])) : null;
  if (!again || again[2] !== ask[1]) throw new Error(`translation: unexpected correction turns ${JSON.stringify(turns.slice(1))}`);
  const previous = JSON.parse(textOf(turns[1])) as ArticleParts;
  return { from: a[1], to, article, correction: { previous, problem: again[1] } };
}

const LOCALES: Record<string, string> = { es: 'es', fr: 'fr', pt: 'pt-BR', de: 'de' };
const num = (code: string, n: number) => new Intl.NumberFormat(LOCALES[code] ?? 'en', { maximumFractionDigits: 3 }).format(n);

/** "$25 billion" the way each language writes it. */
function amount(code: string, n: number, scale: string): string | null {
  const billions = /^b/i.test(scale);
  switch (code) {
    case 'es':
      return billions ? `${num(code, n * 1000)} millones de dólares` : `${num(code, n)} millones de dólares`;
    case 'fr':
      return `${num(code, n)} ${billions ? 'milliards' : 'millions'} de dollars`;
    case 'pt':
      return `US$ ${num(code, n)} ${billions ? 'bilhões' : 'milhões'}`;
    case 'de':
      return `${num(code, n)} ${billions ? 'Milliarden' : 'Millionen'} Dollar`;
    default:
      return null;
  }
}

const GLOSSARY: Record<string, Record<string, string>> = {
  es: {
    the: 'el', and: 'y', of: 'de', is: 'es', in: 'en', to: 'a', for: 'para', with: 'con', what: 'qué', that: 'que', this: 'este',
    on: 'sobre', deal: 'acuerdo', week: 'semana', users: 'usuarios', revenue: 'ingresos', changes: 'cambia', not: 'no',
    its: 'su', are: 'son', was: 'fue', more: 'más', than: 'que', why: 'por qué', years: 'años', months: 'meses', just: 'acaba de',
    bet: 'apostar', actually: 'realmente', says: 'dice', leaves: 'deja', out: 'fuera', both: 'ambos', sides: 'lados',
    context: 'contexto', worth: 'que vale', holding: 'tener', onto: 'presente', doesn: 'no', investment: 'inversión',
    infrastructure: 'infraestructura', compute: 'cómputo', cloud: 'nube', company: 'empresa', model: 'modelo', betting: 'apuesta',
  },
  fr: {
    the: 'le', and: 'et', of: 'de', is: 'est', in: 'dans', to: 'à', for: 'pour', with: 'avec', what: 'ce que', that: 'que',
    this: 'ce', on: 'sur', deal: 'accord', week: 'semaine', users: 'utilisateurs', revenue: 'revenus', changes: 'change',
    not: 'pas', why: 'pourquoi', years: 'ans', months: 'mois', actually: 'vraiment', says: 'dit', both: 'deux', sides: 'côtés',
    investment: 'investissement', infrastructure: 'infrastructure', cloud: 'nuage', company: 'entreprise', model: 'modèle',
  },
  pt: {
    the: 'o', and: 'e', of: 'de', is: 'é', in: 'em', to: 'para', for: 'para', with: 'com', what: 'o que', that: 'que',
    this: 'este', on: 'em', deal: 'acordo', week: 'semana', users: 'usuários', revenue: 'receita', changes: 'muda', not: 'não',
    why: 'por que', years: 'anos', months: 'meses', actually: 'realmente', says: 'diz', both: 'ambos', sides: 'lados',
    investment: 'investimento', infrastructure: 'infraestrutura', cloud: 'nuvem', company: 'empresa', model: 'modelo',
  },
};

const capital = (word: string, like: string) => (/^[A-Z]/.test(like) ? word[0].toUpperCase() + word.slice(1) : word);

/** Translates the prose of one stretch of Markdown (no URLs, no code in it). */
function translateProse(text: string, code: string): string {
  const words = GLOSSARY[code] ?? {};
  return text
    .replace(/\$(\d+(?:\.\d+)?)\s?(billion|million|B|M)\b/g, (all, n: string, scale: string) => amount(code, Number(n), scale) ?? all)
    .replace(/\b[A-Za-z]+\b/g, (w) => (Object.hasOwn(words, w.toLowerCase()) ? capital(words[w.toLowerCase()], w) : w));
}

/** Keeps link targets, autolinks and inline code as they are; translates the rest of a line. */
function translateLine(line: string, code: string): string {
  const kept = /(\]\([^)]*\)|<https?:[^>]*>|`[^`]*`)/g;
  return line
    .split(kept)
    .map((part, i) => (i % 2 === 1 ? part : translateProse(part, code)))
    .join('');
}

/** A faithful pseudo-translation of the article into `code`: same structure, same figures. */
export function pseudoTranslate(article: ArticleParts, code: string): ArticleParts {
  let fenced = false;
  const body = article.body
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      return fenced || /^\s*(```|~~~)/.test(line) ? line : translateLine(line, code);
    })
    .join('\n');
  return { title: translateLine(article.title, code), dek: translateLine(article.dek, code), body };
}

/**
 * Answers translation requests with `pseudoTranslate` (or what `edit` makes of it) and every other
 * request with `other`.
 */
export function withTranslations(other: Responder, edit: (t: ArticleParts, ask: TranslationAsk) => ArticleParts = (t) => t): Responder {
  return (req, ctx) => {
    if (!isTranslationRequest(req)) return other(req, ctx);
    const ask = readTranslationRequest(req);
    return { json: edit(pseudoTranslate(ask.article, ask.to), ask) };
  };
}
