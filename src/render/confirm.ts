/**
 * The double opt-in email, rendered directly: it goes to one address at a time.
 */
import { createElement } from 'react';
import { greetingName } from '../../emails/components/text.js';
import ConfirmEmail from '../../emails/confirm.js';
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
  name?: string | null;
  language?: string;
}

/** Subject, HTML and plain text of the confirmation email. */
export async function renderConfirmEmail(
  input: ConfirmInput,
): Promise<{ subject: string; html: string; text: string }> {
  const { html, text } = await renderEmail(
    createElement(ConfirmEmail, {
      publication: input.publication,
      confirmUrl: assertHttpUrl(input.confirmUrl, 'confirmUrl'),
      greetingName: greetingName(input.name),
      expiresInDays: CONFIRM_EXPIRY_DAYS,
      postalAddress: input.postalAddress,
      language: input.language ?? 'en',
    }),
  );
  return { subject: headerSafe(`Confirm your subscription to ${input.publication}`), html, text };
}
