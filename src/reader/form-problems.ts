/**
 * What was wrong with a reader's form, in the reader's language. A validation error names its
 * field; the field's value, measured against the same limits as the schema, says which rule it
 * broke. (The JSON error keeps its English message: it is for developers.)
 */
import type { AppError } from '../http/errors.js';
import { formatBytes, KB } from '../http/body-limit.js';
import type { Catalog } from '../i18n/index.js';
import { MAX_EMAIL_LENGTH, normaliseEmail } from '../subscribers/email.js';
import { MAX_NAME_LENGTH } from '../subscribers/fields.js';

/** A subscribe or preferences body is a few hundred bytes; anything far bigger is not a form. */
export const MAX_FORM_BYTES = 16 * KB;

/** How much of a refused value a message repeats. */
const SHOWN = 40;

/** The sentence shown above a form refused with `err`, given the values it was sent with. */
export function formProblem(err: AppError, t: Catalog, values: Record<string, unknown> = {}): string {
  const p = t.reader.problems;
  if (err.code === 'payload_too_large') return p.tooLarge(formatBytes(MAX_FORM_BYTES));
  if (err.code === 'unsupported_media_type') return p.notAForm;
  if (err.code === 'bad_request') return p.unreadable;
  const field = err.details?.field ?? '';
  const given = values[field];
  const value = typeof given === 'string' ? given : undefined;
  switch (field) {
    case 'email': {
      const email = value === undefined ? undefined : normaliseEmail(value);
      if (given === undefined || email === '') return p.emailRequired;
      return email !== undefined && email.length > MAX_EMAIL_LENGTH ? p.emailTooLong(MAX_EMAIL_LENGTH) : p.emailInvalid;
    }
    case 'name':
      if (value === undefined) return p.other;
      return value.trim().length > MAX_NAME_LENGTH ? p.nameTooLong(MAX_NAME_LENGTH) : p.nameControl;
    case 'persona':
      return p.unknownPersona((value ?? '').slice(0, SHOWN));
    case 'language':
      return p.unknownLanguage((value ?? '').slice(0, SHOWN));
    default:
      return p.other;
  }
}
