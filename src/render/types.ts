/**
 * The vocabulary of rendering: a variant (edition × persona × language) is rendered once,
 * then personalised per recipient by string assembly.
 */
import type { EditionContent, PersonaRef, TldrContent, TranslationContent } from '../../emails/components/types.js';

// The templates' props vocabulary lives with the templates (emails/ imports nothing from src/).
export type { EditionContent, PersonaRef, PublicLinks, ReaderView, TldrContent, TranslationContent } from '../../emails/components/types.js';

/** The markup around an optional block's value: written only when the value is not empty. */
export type BlockWrap = readonly [before: string, after: string];

/** Everything that is the same for every recipient of one variant. */
export interface VariantInput {
  edition: EditionContent;
  /** Publication name, e.g. "Primera Plana". */
  publication: string;
  /** Public base URL of the service; its host names the List-Id. */
  baseUrl: string;
  /** Footer postal address (CAN-SPAM). */
  postalAddress: string;
  /** The persona this variant is written for. */
  persona: PersonaRef;
  /** Every persona, in display order, for the "Read it as…" links. */
  personas: PersonaRef[];
  tldr: TldrContent;
  /**
   * The article in the reader's language when the edition was translated for them (title, dek,
   * body and the subject), or the note that no translation was usable; absent: as written.
   */
  translation?: TranslationContent | null;
  /**
   * The reader's language (the TL;DR's): the chrome is written in it when it has a catalog
   * (emails/i18n), in English otherwise; `<html lang>` says which.
   */
  language: string;
}

/** What differs per recipient. Every URL must be absolute http(s). */
export interface Recipient {
  /** Display name; null or blank: no greeting at all. */
  name: string | null;
  email: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  /** persona slug → URL of the web version as that persona, signed for this reader. */
  readAsUrls: Record<string, string>;
  /** The web version of this edition ("View in browser"). */
  webUrl: string;
}

/** A personalised message body. */
export interface RenderedEmail {
  html: string;
  text: string;
}

/**
 * A variant rendered once with sentinel values, split around them. Treat the parts as opaque:
 * only `personalise` knows how to put them back together.
 */
export interface CompiledVariant {
  /** Header-safe subject (the edition title, translated when the article is). */
  subject: string;
  /** Header-safe List-Id value, without angle brackets. */
  listId: string;
  /** The chrome's language (the greeting is written in it). */
  language: string;
  /** Persona slugs in the order of the "Read it as…" slots. */
  readAsSlugs: readonly string[];
  /** @internal The greeting paragraph's markup, written only around a greeting. */
  htmlGreeting: BlockWrap;
  /** @internal The greeting's leading line breaks in the text. */
  textGreeting: BlockWrap;
  /** @internal Literal HTML between the slots; `html.length === htmlSlots.length + 1`. */
  html: readonly string[];
  /** @internal Which recipient value fills each HTML slot (see `slots.ts`). */
  htmlSlots: readonly number[];
  /** @internal Literal plain text between the slots. */
  text: readonly string[];
  /** @internal Which recipient value fills each text slot. */
  textSlots: readonly number[];
}
