/**
 * What translating the seed edition (#0058) costs, per language, next to what its TL;DRs cost in
 * that language: readers of 4 personas in English, Spanish and French; the TL;DRs and the
 * translations written through the real routes and the real SDK against the local Anthropic
 * imitation (tokens ≈ chars / 4, cache rules per the prompt-caching docs, and the fake's
 * pseudo-translation for the answer: about as long as the original, where a real Spanish or French
 * translation runs some 15–25 % longer, so real output costs run that much higher).
 *
 * Part of `npm run bench -- tldr`.
 */
import { subscribers } from '../src/db/schema.js';
import { AnthropicSummarizer } from '../src/tldr/anthropic-summarizer.js';
import { listVariants } from '../src/tldr/store.js';
import { uncachedCostUsd } from '../src/tldr/pricing.js';
import { listTranslations } from '../src/translation/store.js';
import { startFakeAnthropic } from '../tests/fakes/anthropic-server.js';
import { withTranslations } from '../tests/fakes/anthropic-translate.js';
import { makeTestApp } from '../tests/helpers/app.js';
import { FAITHFUL, readerOf } from '../tests/tldr/helpers.js';

const PERSONAS = ['everyday', 'executive', 'engineer', 'investor'];
const LANGUAGES = ['en', 'es', 'fr'];

export interface LanguageCost {
  language: string;
  /** The language's TL;DR variants (one per persona). */
  tldrs: { calls: number; costUsd: number };
  /** Its translation of the edition; null for the edition's own language. */
  translation: { costUsd: number; costWithoutCacheUsd: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; source: string } | null;
}

export interface TranslationFigures {
  model: string;
  languages: LanguageCost[];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Writes the TL;DRs and translations of the seed edition for en, es and fr readers on `model`. */
export async function measureTranslation(model = 'claude-sonnet-4-6'): Promise<TranslationFigures> {
  const fake = await startFakeAnthropic({
    respond: withTranslations((req) => ({ json: { tldr: `${FAITHFUL} (${readerOf(req).persona})`, why: 'It changes what you should watch next.' } })),
  });
  const claude = new AnthropicSummarizer({ apiKey: 'sk-ant-test', baseURL: fake.url, model });
  const t = await makeTestApp({ summarizer: claude, translator: claude });
  try {
    let i = 0;
    for (const persona of PERSONAS) {
      for (const language of LANGUAGES) {
        i++;
        await t.deps.db.insert(subscribers).values({ id: `t${i}`, email: `t${i}@example.com`, persona, language, status: 'active' });
      }
    }
    for (const path of ['/editions/1/tldrs', '/editions/1/translations']) {
      const res = await t.admin(path, { method: 'POST' });
      if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    }
    const variants = await listVariants(t.deps.db, 1);
    const translations = new Map((await listTranslations(t.deps.db, 1)).map((r) => [r.language, r]));
    return {
      model,
      languages: LANGUAGES.map((language) => {
        const mine = variants.filter((v) => v.language === language);
        const tr = translations.get(language);
        return {
          language,
          tldrs: { calls: mine.length, costUsd: round(mine.reduce((n, v) => n + v.costUsd, 0)) },
          translation: tr
            ? {
                costUsd: tr.costUsd,
                costWithoutCacheUsd: uncachedCostUsd(model, tr),
                outputTokens: tr.outputTokens,
                cacheReadTokens: tr.cacheReadTokens,
                cacheWriteTokens: tr.cacheWriteTokens,
                source: tr.source,
              }
            : null,
        };
      }),
    };
  } finally {
    t.close();
    await fake.close();
  }
}

const usd = (x: number) => `$${x.toFixed(4)}`;

export function formatTranslation(f: TranslationFigures): string {
  const lines = [`translation: seed edition #0058 on ${f.model}, per language: the TL;DRs (${PERSONAS.length} personas) beside the whole edition translated`];
  lines.push(`  ${'language'.padEnd(9)} ${'TL;DRs'.padEnd(18)} translation`);
  for (const l of f.languages) {
    const tldrs = `${usd(l.tldrs.costUsd)} (${l.tldrs.calls} calls)`;
    const tr = l.translation;
    const translation = !tr
      ? '— (the original)'
      : `${usd(tr.costUsd)} (1 call, ${tr.outputTokens} output tokens; article ${tr.cacheWriteTokens ? `written to the cache, ${tr.cacheWriteTokens}` : `read from the cache, ${tr.cacheReadTokens}`} tokens; ${usd(tr.costWithoutCacheUsd)} uncached)${tr.source === 'claude' ? '' : ` [${tr.source}]`}`;
    lines.push(`  ${l.language.padEnd(9)} ${tldrs.padEnd(18)} ${translation}`);
  }
  const translated = f.languages.filter((l) => l.translation);
  const perLanguage = translated.reduce((n, l) => n + l.translation!.costUsd, 0) / Math.max(1, translated.length);
  const tldrPerLanguage = f.languages.reduce((n, l) => n + l.tldrs.costUsd, 0) / f.languages.length;
  lines.push(`  a translated language costs ${usd(perLanguage)} on average, ${(perLanguage / tldrPerLanguage).toFixed(1)}× its ${PERSONAS.length} TL;DRs (the output, the whole article, is most of it)`);
  return lines.join('\n');
}
