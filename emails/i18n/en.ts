/**
 * English: the reference catalog. Its shape is the `Catalog` type, so every other language's
 * file must have exactly these keys and these functions' parameters, or the type check fails.
 * Sections follow where the words appear; a new surface (the reader pages) adds its own section
 * here and in every other catalog.
 */
import { formatDays, formatMinutes, plural } from './format.js';

const locale = 'en-US';

export const en = {
  /** `locale` drives Intl (dates, numbers, plurals); `name` is the language in its own words. */
  meta: { locale, name: 'English' },

  /** Around an edition's article, in the email and on the web version alike. */
  article: {
    editionNumber: (n: number) => `Edition #${String(n).padStart(4, '0')}`,
    readingTime: (minutes: number) => `✦ Reading: ${formatMinutes(locale, minutes)}`,
    /** The TL;DR's kicker when it was written for the reader's persona (its label). */
    tldrFor: (persona: string) => `TL;DR for the ${persona}`,
    /** The kicker of the editor's TL;DR when no persona's version was available. */
    tldrForEveryone: 'TL;DR for every reader',
    whyItMatters: 'Why it matters to you:',
    /** Who wrote the TL;DR, honestly (TL;DR source). */
    credit: {
      claude: '✦ Summarized with Claude at publish time',
      editor: '✦ Summary by the editor',
      fallback: "✦ Summary by the editor (a summary for your profile wasn't available)",
    },
    readItAs: 'AI rewrite · Read it as…',
    /** Over an article translated into the reader's language; `from` is the original's language, named. */
    translated: {
      claude: (from: string) => `Translated from ${from} by Claude`,
      editor: (from: string) => `Translated from ${from} by the editor`,
    },
    /** The link to the article in its own language, after the line above. */
    readOriginal: 'Read the original',
    /** The edition asked for translations, but none could be used in the reader's language (`to`). */
    untranslated: (to: string, from: string) => `A translation into ${to} wasn't available: this is the original, in ${from}.`,
    nextArticle: 'Next article',
    share: 'Share this edition',
    shareOnX: 'Share on X',
    shareOnLinkedIn: 'Share on LinkedIn',
    shareByEmail: 'Send by email',
    copyLink: 'Or copy the link:',
  },

  /** The edition email's own words. */
  edition: {
    viewInBrowser: 'View in browser',
    greeting: (name: string) => `Hi ${name},`,
    replyLine: 'Just reply — we read everything.',
    reason: (publication: string, persona: string) =>
      `You're receiving this because you subscribed to ${publication} as “${persona}”.`,
    forwarded: 'Forwarded this?',
    subscribe: 'Subscribe',
  },

  /** The footer links every reader email carries. */
  footer: {
    preferences: 'Change your preferences',
    unsubscribe: 'Unsubscribe',
    sentTo: (email: string) => `Sent to ${email}`,
  },

  /** The double opt-in email. */
  confirm: {
    title: (publication: string) => `Confirm your subscription to ${publication}`,
    preview: (publication: string, days: number) =>
      `One click and ${publication} starts arriving. The link works for ${formatDays(locale, days)}.`,
    thanks: 'Thanks for signing up. Confirm that this is your address and the next edition will be in your inbox.',
    button: 'Confirm my subscription',
    expiry: (days: number) =>
      `This link expires in ${formatDays(locale, days)}. If you didn't ask to subscribe, ignore this email: ` +
      "you won't be subscribed and we won't write again.",
    reason: (publication: string) =>
      `You're receiving this because someone — hopefully you — asked to subscribe this address to ${publication}.`,
  },

  /** The note to an address that asked to subscribe again. */
  alreadySubscribed: {
    title: (publication: string) => `You're already subscribed to ${publication}`,
    preview: (publication: string) => `Nothing changed: this address already gets every edition of ${publication}.`,
    body: 'Someone — hopefully you — asked to subscribe this address again. It already gets every edition, so nothing changed.',
    button: 'Change your persona, language or name',
    reason: (publication: string) =>
      `You're receiving this because this address is subscribed to ${publication} and someone asked to subscribe it again.`,
  },

  /** The frame of every public page. */
  site: {
    skip: 'Skip to content',
    archive: 'Archive',
    subscribe: 'Subscribe',
    rss: 'RSS',
    /** The label of the language switch. */
    language: 'Language',
  },

  /** `GET /editions`. */
  archive: {
    title: 'Archive',
    description: (publication: string) => `Every edition of ${publication}`,
    kicker: (publication: string) => `${publication} · Archive`,
    heading: 'Every edition',
    count: (n: number) => plural(locale, n, { one: '# edition', other: '# editions' }),
    empty: 'No editions have been published yet.',
    emptyCta: 'Subscribe to get the first one.',
  },

  /** `GET /editions/:slug`, the web version. */
  editionPage: {
    notFoundTitle: 'Edition not found',
    notFound: 'There is no published edition at this address.',
    browseArchive: 'Browse the archive',
    /** The accessible name of the "Read it as…" navigation. */
    readItAsNav: 'Read it as',
    makeDefault: (persona: string) => `Make “${persona}” my default`,
    isDefault: (persona: string) => `✓ This is your default: your emails open with the “${persona}” TL;DR.`,
    linkLabel: 'Link to this edition',
    subscribeHeading: (publication: string) => `Get ${publication} in your inbox`,
    subscribeText: 'One email per edition, with a TL;DR written for the reader you are. Leave in one click.',
    emailLabel: 'Your email',
    subscribeButton: 'Subscribe',
  },
};

/** What every language's catalog provides: exactly the English keys, with the same parameters. */
export type Catalog = typeof en;
