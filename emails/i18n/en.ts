/**
 * English: the reference catalog. Its shape is the `Catalog` type, so every other language's
 * file must have exactly these keys and these functions' parameters, or the type check fails.
 * Sections follow where the words appear; a new surface adds its own section here and in every
 * other catalog, as the reader pages did (`reader`).
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

  /**
   * The reader pages: subscribe (`/`), "check your inbox", confirm, preferences, the persona
   * switch, unsubscribe and resubscribe, refused links and error pages. A message with an address
   * in it takes the address as an argument, so the page can set it in bold where the sentence puts it.
   */
  reader: {
    /** The links under a message. */
    links: {
      subscribe: 'Subscribe',
      archive: 'Read the archive',
      pastEditions: 'Read past editions',
    },
    /** The subscribe and preference forms. */
    form: {
      email: 'Email address',
      name: 'Name',
      nameHint: 'optional — how we greet you',
      readItAs: 'Read it as…',
      personaHint: 'Your TL;DR at the top of each edition is written for the reader you pick.',
      language: 'Language',
      languageHint: 'for your TL;DR',
    },
    /** What was wrong with a form, above it (the JSON API's messages stay English: they are for developers). */
    problems: {
      emailRequired: 'Email address is required.',
      emailTooLong: (max: number) => `Email address is longer than ${plural(locale, max, { one: '# character', other: '# characters' })}.`,
      emailInvalid: 'Email address is not a valid address.',
      nameTooLong: (max: number) => `Name is longer than ${plural(locale, max, { one: '# character', other: '# characters' })}.`,
      nameControl: 'Name contains control characters.',
      unknownPersona: (slug: string) => `Persona: unknown persona "${slug}".`,
      unknownLanguage: (code: string) => `Language: unknown language "${code}". Pick one from the list.`,
      other: 'Something in the form could not be used. Check what you entered.',
      tooLarge: (size: string) => `The form was too large (over ${size}).`,
      notAForm: 'That was not a form. Please send the form on this page.',
      unreadable: 'The form could not be read. Please send it again.',
    },
    /** `GET /`. */
    home: {
      kicker: 'The newsletter that reads the news for you',
      heading: (publication: string) => `Subscribe to ${publication}`,
      dek: 'Every edition opens with a TL;DR written for the reader you are — and you can switch at any time.',
      button: 'Subscribe',
      note: "We'll email you a link to confirm. Unsubscribe with one click, any time.",
      latest: 'Latest editions',
    },
    /** After a subscribe or resubscribe request, whatever the address is. */
    checkInbox: {
      title: 'Check your inbox',
      lede: (email: string, days: number, publication: string) =>
        `If ${email} can receive our mail, a confirmation link is on its way. Open it within ${formatDays(locale, days)} to start receiving ${publication}.`,
      help: 'Nothing arrived after a few minutes? Look in your spam folder, or subscribe again to get a fresh link. If the address is already subscribed, nothing changes.',
      whileYouWait: 'Read past editions while you wait',
    },
    /** `GET/POST /confirm/:token`, and the resubscribe button of an address that is active. */
    confirm: {
      title: 'Confirm your subscription',
      lede: (email: string, publication: string) => `Confirm that ${email} should receive ${publication}.`,
      button: 'Confirm my subscription',
      notYou: 'Didn’t ask for this? Close this page: nothing happens without the button.',
      subscribed: 'You’re subscribed',
      alreadySubscribed: 'You’re already subscribed',
      confirmed: 'Subscription confirmed.',
      thanks: (publication: string) => `Thanks for confirming. The next edition of ${publication} will arrive in your inbox.`,
      alreadyConfirmed: 'This address was already confirmed. Nothing changed.',
      alreadyActive: 'This address already gets every edition. Nothing changed.',
      preferences: 'Choose your persona, language and name',
    },
    /** `GET/POST /preferences/:token`. */
    preferences: {
      title: 'Your preferences',
      notSaved: (problem: string) => `Not saved — ${problem}`,
      saved: 'Saved. Your next edition follows these choices.',
      for: (email: string) => `For ${email}`,
      notConfirmed: '(not confirmed yet)',
      unsubscribed: 'You are unsubscribed: we keep these choices in case you come back.',
      undeliverable: 'Mail to this address bounced or was reported as unwanted, so we no longer send to it.',
      subscribeAgain: 'Subscribe again',
      save: 'Save preferences',
      unsubscribe: 'Unsubscribe',
    },
    /** `POST /persona/:token`, the web version's "make this my default". */
    persona: {
      unknownTitle: 'Unknown persona',
      nothingChanged: 'Nothing was changed.',
      unknown: 'That persona does not exist (any more). Pick one of the “Read it as…” links again.',
      title: (persona: string) => `You’ll read it as: ${persona}`,
      saved: 'Saved.',
      lede: (persona: string) => `From the next edition on, your TL;DR is written for “${persona}”.`,
      back: 'Back to the edition',
    },
    /** `GET/POST /unsubscribe/:token`. */
    unsubscribe: {
      title: (publication: string) => `Unsubscribe from ${publication}?`,
      lede: (email: string, publication: string) => `${email} will stop receiving ${publication}. You can come back at any time.`,
      button: 'Unsubscribe',
      instead: 'Or change your persona or language instead',
      done: 'You’re unsubscribed',
      notSubscribed: 'You’re not subscribed',
      doneBanner: 'Done — no more editions will be sent to this address.',
      gone: (email: string, publication: string) => `${email} will not receive ${publication} any more.`,
      mistake: 'Unsubscribed by mistake? We’ll send a fresh confirmation link to this address.',
      subscribeAgain: 'Subscribe again',
    },
    /** Why a reader link was refused. */
    linkProblems: {
      invalid: {
        title: 'This link is not valid',
        message: 'The link may have been cut short or changed. Copy the whole link from the email, or use the most recent email we sent you.',
      },
      expired: {
        title: 'This link has expired',
        message: (days: number) => `Confirmation links work for ${formatDays(locale, days)}. Subscribe again and we will send you a fresh one.`,
      },
      revoked: {
        title: 'This link is no longer valid',
        message: 'It has been replaced by a newer one. Use the links in the most recent email we sent you.',
      },
      stale: {
        title: 'This link is older than your unsubscribe',
        message: 'You unsubscribed after this link was sent, so it no longer subscribes you. Subscribe again and we will send a fresh link.',
      },
      undeliverable: {
        title: 'We can’t send to this address',
        message: 'Mail to this address bounced or was reported as unwanted, so we no longer send to it. Subscribe with another address.',
      },
    },
    /** The error pages a browser gets (API clients get the JSON error). */
    errors: {
      badRequest: { title: 'That form could not be read', lede: 'Nothing was changed. Go back and send the form again.' },
      invalid: { title: 'That form could not be used', lede: 'Nothing was changed. Go back and check what you entered.' },
      tooLarge: { title: 'That form was too large', lede: 'Nothing was changed. Go back and try again with less text.' },
      notAForm: { title: 'That was not a form', lede: 'Nothing was changed. Send the form from its page.' },
      rateLimited: { title: 'Please wait a moment', lede: 'We had several requests from your network in the last few minutes.' },
      notFound: { title: 'Page not found', lede: 'There is nothing at this address. The link may be mistyped or out of date.' },
      other: { title: 'Something went wrong', lede: 'Please try again in a moment.' },
      notDone: 'Not done.',
      tooMany: 'Too many requests.',
      retryIn: (seconds: number) => plural(locale, seconds, { one: 'Please try again in # second.', other: 'Please try again in # seconds.' }),
    },
  },
};

/** What every language's catalog provides: exactly the English keys, with the same parameters. */
export type Catalog = typeof en;
