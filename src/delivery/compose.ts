/**
 * Composition of the edition email: from an edition, its personas and TL;DR variants to
 * compiled variants (rendered once each), and from a compiled variant and one recipient to
 * the provider-ready message. Deterministic: the same inputs give byte-identical messages,
 * which is what lets a retried batch reuse its idempotency key.
 */
import type { AppConfig } from '../config/config.js';
import type { Edition } from '../db/schema.js';
import { readerLinks } from '../reader/tokens.js';
import { compileVariant, messageHeaders, personaliseParts } from '../render/index.js';
import type { CompiledVariant, EditionContent, PersonaRef, Recipient, TldrContent, TranslationContent } from '../render/types.js';
import { variantKey } from '../tldr/plan.js';
import { DELIVERY_TAG, type OutgoingEmail } from '../mail/port.js';

/** Edition links may be site-relative (`/assets/…`); an email needs them absolute. */
export function absoluteContent(edition: Edition, baseUrl: string): EditionContent {
  const abs = (u: string) => (u.startsWith('/') ? `${baseUrl}${u}` : u);
  return {
    ...edition,
    illustration: edition.illustration ? { ...edition.illustration, src: abs(edition.illustration.src) } : null,
    next: edition.next ? { ...edition.next, url: abs(edition.next.url) } : null,
  };
}

export interface VariantSource {
  /** The edition as its emails show it (a "Next article" that leads nowhere already removed). */
  edition: Edition;
  personas: PersonaRef[];
  /** The TL;DR for a (persona, language): stored variant, or the honest fallback, and its language. */
  tldrFor(persona: string, language: string): TldrContent;
  /** The article in `language`: its translation, the note that none was usable, or null (as written). */
  translationFor(language: string): TranslationContent | null;
}

/** Renders (once) the variant a recipient of `persona` in `language` gets. */
export function compileFor(config: AppConfig, src: VariantSource, persona: string, language: string): Promise<CompiledVariant> {
  const ref = src.personas.find((p) => p.slug === persona) ?? src.personas[0];
  return compileVariant({
    edition: absoluteContent(src.edition, config.baseUrl),
    publication: config.publication,
    baseUrl: config.baseUrl,
    postalAddress: config.postalAddress,
    persona: ref,
    personas: src.personas,
    tldr: src.tldrFor(ref.slug, language),
    translation: src.translationFor(language),
    language,
  });
}

/** A cache of compiled variants for one send: each (persona, language) is rendered once. */
export function variantCache(config: AppConfig, src: VariantSource) {
  const cache = new Map<string, Promise<CompiledVariant>>();
  return (persona: string, language: string) => {
    const key = variantKey(persona, language);
    let v = cache.get(key);
    if (!v) cache.set(key, (v = compileFor(config, src, persona, language)));
    return v;
  };
}

export interface RecipientData {
  subscriberId: string;
  tokenVersion: number;
  email: string;
  name: string | null;
  persona: string;
  /** The reader's language: their web links open in it, with its TL;DR. */
  language: string;
}

/**
 * A recipient's links: signed unsubscribe and preferences, "View in browser", and "Read it as…".
 * The web links carry the reader's language (`lang`), so the page opens in it with its TL;DR.
 */
export function recipientFor(config: AppConfig, edition: Edition, personas: PersonaRef[], r: RecipientData): Recipient {
  const links = readerLinks(config.tokenSecret, config.baseUrl, { subscriberId: r.subscriberId, version: r.tokenVersion });
  const web = `${config.baseUrl}/editions/${edition.slug}`;
  const lang = `lang=${encodeURIComponent(r.language)}`;
  const readAsUrls: Record<string, string> = {};
  for (const p of personas) readAsUrls[p.slug] = `${web}?as=${encodeURIComponent(p.slug)}&${lang}&t=${links.personaToken}`;
  return {
    name: r.name,
    email: r.email,
    unsubscribeUrl: links.unsubscribeUrl,
    preferencesUrl: links.preferencesUrl,
    readAsUrls,
    webUrl: `${web}?as=${encodeURIComponent(r.persona)}&${lang}`,
  };
}

/**
 * The provider-ready message for one recipient of a compiled variant. A delivery's message is
 * tagged with the delivery's id, which the provider echoes in its webhook events.
 */
export function messageFor(
  config: AppConfig,
  edition: Edition,
  variant: CompiledVariant,
  recipient: Recipient,
  persona: string,
  deliveryId?: number,
): OutgoingEmail {
  const parts = personaliseParts(variant, recipient);
  return {
    from: config.mailFrom,
    to: recipient.email,
    subject: variant.subject,
    // Joined only if someone reads them (the outbox does; the Resend wire writes the parts).
    get html() {
      return parts.html.toString();
    },
    get text() {
      return parts.text.toString();
    },
    parts,
    headers: messageHeaders({ unsubscribeUrl: recipient.unsubscribeUrl, listId: variant.listId }),
    // "Just reply — we read everything": replies reach the sender unless REPLY_TO says where.
    replyTo: config.replyTo ?? config.mailFrom,
    tags: [
      { name: 'edition', value: String(edition.id) },
      { name: 'persona', value: persona.replace(/[^A-Za-z0-9_-]/g, '_') },
      ...(deliveryId === undefined ? [] : [{ name: DELIVERY_TAG, value: String(deliveryId) }]),
    ],
  };
}
