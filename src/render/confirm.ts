/**
 * The double opt-in email, rendered directly: it goes to one address at a time.
 */
import { createElement } from 'react';
import ConfirmEmail from '../../emails/confirm.js';
import { catalogFor } from '../../emails/i18n/index.js';
import { assertHttpUrl } from './escape.js';
import { headerSafe } from './headers.js';
import { renderEmail } from './plain-text.js';

/** How long a confirmation link works (the token's lifetime must match). */
export const CONFIRM_EXPIRY_DAYS = 7;

/** Inputs of the confirmation email. */
export interface ConfirmInput {
  publication: string;
  /** Absolute http(s) URL of `GET /confirm/:token`. */
  confirmUrl: string;
  postalAddress: string;
  /**
   * @deprecated Not shown: the address is unconfirmed, so nothing anyone typed is mailed back out.
   * Accepted so existing callers keep compiling.
   */
  name?: string | null;
  /** The language the reader chose (the chrome follows it when it has a catalog). */
  language?: string;
}

/** Subject, HTML and plain text of the confirmation email, in the reader's language. */
export async function renderConfirmEmail(
  input: ConfirmInput,
): Promise<{ subject: string; html: string; text: string }> {
  const language = input.language ?? 'en';
  const { html, text } = await renderEmail(
    createElement(ConfirmEmail, {
      publication: input.publication,
      confirmUrl: assertHttpUrl(input.confirmUrl, 'confirmUrl'),
      expiresInDays: CONFIRM_EXPIRY_DAYS,
      postalAddress: input.postalAddress,
      language,
    }),
  );
  return { subject: headerSafe(catalogFor(language).confirm.title(input.publication)), html, text };
}
