/**
 * The "already subscribed" note, rendered directly like the confirmation: one address at a time.
 */
import { createElement } from 'react';
import AlreadySubscribedEmail from '../../emails/already-subscribed.js';
import { catalogFor } from '../../emails/i18n/index.js';
import { assertHttpUrl } from './escape.js';
import { headerSafe } from './headers.js';
import { renderEmail } from './plain-text.js';

/** Inputs of the "already subscribed" note. */
export interface AlreadySubscribedInput {
  publication: string;
  /** Absolute http(s) URL of `GET /preferences/:token`. */
  preferencesUrl: string;
  postalAddress: string;
  language?: string;
}

/** Subject, HTML and plain text of the "already subscribed" note, in the subscriber's language. */
export async function renderAlreadySubscribedEmail(
  input: AlreadySubscribedInput,
): Promise<{ subject: string; html: string; text: string }> {
  const language = input.language ?? 'en';
  const { html, text } = await renderEmail(
    createElement(AlreadySubscribedEmail, {
      publication: input.publication,
      preferencesUrl: assertHttpUrl(input.preferencesUrl, 'preferencesUrl'),
      postalAddress: input.postalAddress,
      language,
    }),
  );
  return { subject: headerSafe(catalogFor(language).alreadySubscribed.title(input.publication)), html, text };
}
