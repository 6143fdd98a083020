/** What the public web reads: published editions, the TL;DR variant for a persona, the article in a language. */
import { and, desc, eq, gt } from 'drizzle-orm';
import { batches, deliveries, editions, type Edition } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { fallbackText, resolveVariant, VariantMap, type ResolvedTldr } from '../tldr/plan.js';
import { listVariants } from '../tldr/store.js';
import type { TranslationContent } from '../render/types.js';
import { articleFor, originalUrl, translationContent } from '../translation/plan.js';
import { translationMap } from '../translation/store.js';

export type PublicEdition = Pick<Edition, 'id' | 'number' | 'slug' | 'title' | 'dek' | 'section' | 'author' | 'date' | 'sentAt' | 'language'>;

const summary = {
  id: editions.id,
  number: editions.number,
  slug: editions.slug,
  title: editions.title,
  dek: editions.dek,
  section: editions.section,
  author: editions.author,
  date: editions.date,
  sentAt: editions.sentAt,
  language: editions.language,
};

/** Sent editions, newest first. Drafts, scheduled and in-flight sends are not public. */
export async function listSentEditions(db: Db, limit = 500): Promise<PublicEdition[]> {
  return db
    .select(summary)
    .from(editions)
    .where(eq(editions.status, 'sent'))
    .orderBy(desc(editions.sentAt), desc(editions.number))
    .limit(limit);
}

/**
 * The web version's edition: a sent one, or one whose send is under way (or was stopped) once
 * anyone has received it — their "View in browser" and "Read it as…" links must work.
 * Unknown and unpublished slugs look the same (undefined).
 */
export async function getPublishedEdition(db: Db, slug: string): Promise<Edition | undefined> {
  if (slug.length > 200) return undefined;
  const e = await db.select().from(editions).where(eq(editions.slug, slug)).get();
  if (!e || e.status === 'draft') return undefined;
  if (e.status === 'sent') return e;
  const received = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.editionId, e.id), eq(deliveries.status, 'submitted')))
    .limit(1)
    .get();
  if (received) return e;
  // After the retention window the delivery rows are folded away; the batches keep their counts.
  const counted = await db.select({ id: batches.id }).from(batches).where(and(eq(batches.editionId, e.id), gt(batches.submitted, 0))).limit(1).get();
  return counted ? e : undefined;
}

/**
 * The edition's "Next article" when it leads somewhere: a link to another site is kept as it is;
 * one to an edition of this site (`/editions/<slug>`, or the same under `baseUrl`) only once that
 * edition is published. Otherwise null: a teaser that 404s is worse than none.
 *
 * With `asOf` (a send's start), "published" means sent by then: every batch of a send, resumed
 * or retried, decides the same, so a retried batch stays byte-identical.
 */
export async function knownNext(db: Db, edition: Pick<Edition, 'next'>, baseUrl: string, asOf?: string | null): Promise<Edition['next']> {
  const next = edition.next;
  if (!next) return null;
  const local = next.url.startsWith(`${baseUrl}/`) ? next.url.slice(baseUrl.length) : next.url;
  if (!local.startsWith('/')) return next;
  const m = /^\/editions\/([^/?#]+)\/?(?:[?#].*)?$/.exec(local);
  if (!m) return next;
  let slug: string;
  try {
    slug = decodeURIComponent(m[1]);
  } catch {
    return null;
  }
  if (!asOf) return (await getPublishedEdition(db, slug)) ? next : null;
  const target = slug.length > 200 ? undefined : await db.select().from(editions).where(eq(editions.slug, slug)).get();
  return target?.status === 'sent' && target.sentAt !== null && target.sentAt <= asOf ? next : null;
}

/** A TL;DR as the web version shows it: the resolved variant, and the language its text is in. */
export type WebTldr = ResolvedTldr & { textLanguage: string };

/**
 * The persona's TL;DR in `language` (the edition's by default), chosen exactly as the email
 * chooses it (`resolveVariant`): the variant, else the persona's in the edition's language, else
 * the editor's own TL;DR (then the dek) as the fallback.
 */
export async function tldrFor(db: Db, edition: Edition, persona: string, language = edition.language): Promise<WebTldr> {
  const variants = new VariantMap(await listVariants(db, edition.id), edition.language, fallbackText(edition));
  const tldr = resolveVariant(variants, persona, language);
  return { ...tldr, textLanguage: tldr.language ?? edition.language };
}

/**
 * The article a reader of `language` gets, chosen exactly as the email chooses it: the edition's
 * usable translation when it asked for translations, else the original (saying so), or null when
 * there is nothing to say. "Read the original" leads to this site's page in the edition's language.
 */
export async function translationFor(db: Db, edition: Edition, language: string): Promise<TranslationContent | null> {
  const article = articleFor(edition, edition.translate ? await translationMap(db, edition.id) : new Map(), language);
  return translationContent(article, language, originalUrl('', edition));
}
