/**
 * What the console's forms share: the API's refusals turned into field errors, the language
 * choices, and checks of values a page reads from its query string.
 */
import { LANGUAGES } from '../subscribers/languages.js';
import type { FieldErrors } from './ui.js';

/** Every language a reader may have, as select options ("Español (es)"). */
export const languageOptions = Object.entries(LANGUAGES).map(([value, name]) => ({ value, label: `${name} (${value})` }));

/** Whether `code` is one of the languages (own keys only: `constructor` is not a language). */
export const isLanguageCode = (code: string | undefined): code is string => !!code && Object.hasOwn(LANGUAGES, code);

/** An API error as a field error when it names a field of the form, else as the page's problem. */
export function splitError(e: { message: string; field?: string }, fields: readonly string[]): { errors: FieldErrors; problem?: string } {
  const field = e.field && fields.find((f) => e.field === f || e.field!.startsWith(`${f}.`));
  if (!field) return { errors: {}, problem: e.message };
  // The API's message starts with the field's path ("illustration.src: must be …"); beside the field, that is said.
  return { errors: { [field]: e.message.replace(new RegExp(`^${field.replace('.', '\\.')}(\\.[\\w.]+)?: `), '') } };
}
