/**
 * What the templates show, as plain data: the props vocabulary of `emails/`. src/render passes
 * these in (and re-exports them); nothing here knows where the values come from.
 */

/** Who wrote a TL;DR: the same values as `TLDR_SOURCES` in the schema (src/render passes them in). */
export type TldrSource = 'claude' | 'editor' | 'fallback';

/** A persona as the email shows it: its slug (for links) and its label (for people). */
export interface PersonaRef {
  slug: string;
  label: string;
}

/** The TL;DR a variant carries, and who wrote it (the label must say so honestly). */
export interface TldrContent {
  text: string;
  /** One line: why this edition matters to this persona. */
  why?: string | null;
  source: TldrSource;
  /** The language the text is written in, when it is not the variant's (the `lang` of the block). */
  language?: string | null;
}

/**
 * The article in the reader's language: an edition that asked for translations shows the reader
 * the translated title, dek and body (`translated`), or the original saying a translation was not
 * available (`untranslated`). Absent: the edition as written, nothing to say.
 */
export type TranslationContent =
  | {
      kind: 'translated';
      /** The translation's language (its `lang`). */
      language: string;
      title: string;
      dek: string;
      /** Markdown. */
      body: string;
      /** Who translated it: the credit line says so. */
      source: 'claude' | 'editor';
      /** The web version in the original's language ("Read the original"). */
      originalUrl: string;
    }
  | { kind: 'untranslated'; /** The reader's language, which has no usable translation. */ language: string };

/** The edition's illustration, shown under the headline. */
export interface Illustration {
  src: string;
  alt: string;
  caption?: string;
}

/** The teaser for the next article, at the end. */
export interface NextArticle {
  title: string;
  url: string;
}

/** The parts of an edition an email shows; a full `Edition` row satisfies it. */
export interface EditionContent {
  number: number;
  slug: string;
  title: string;
  dek: string;
  section: string;
  author: string;
  /** `YYYY-MM-DD` (or ISO). */
  date: string;
  illustration: Illustration | null;
  next: NextArticle | null;
  /** Markdown. */
  body: string;
  /** The editor's TL;DR. */
  tldr: string;
  /** The editor's reading time in minutes; null → computed from the body. */
  readingTime: number | null;
  /** The article's language (its `lang`). */
  language?: string;
}

/** Links that are the same for every reader of a variant. */
export interface PublicLinks {
  /** The public web version, without anything personal: what share links point to. */
  web: string;
  /** The subscribe page, for whoever the email was forwarded to. */
  subscribe: string;
}

/**
 * A recipient as the template sees it, already normalised: the greeting line is decided ('' when
 * there is no name to greet) and the "Read it as…" URLs are in `personas` order.
 */
export interface ReaderView {
  /** "Hi Ana," in the variant's language, or '' (then no greeting at all). */
  greeting: string;
  email: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  webUrl: string;
  readAsUrls: string[];
}
