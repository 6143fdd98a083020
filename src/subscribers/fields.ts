/** Field rules shared by the admin API, the CSV import and the public forms. */
import { z } from 'zod';
import { LANGUAGES, normaliseLanguage } from './languages.js';

export const MAX_NAME_LENGTH = 100;

/** Control characters (CR/LF among them) never enter a name: names reach mail headers and pages. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Returns why a (trimmed) name is unusable, or null. */
export function nameProblem(name: string): string | null {
  if (name.length > MAX_NAME_LENGTH) return `name is longer than ${MAX_NAME_LENGTH} characters`;
  if (CONTROL.test(name)) return 'name contains control characters';
  return null;
}

export const nameField = z
  .string()
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    const p = nameProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p.replace(/^name /, '') });
  })
  .transform((v) => (v === '' ? null : v))
  .nullable();

export const languageField = z.string().transform((v, ctx) => {
  const lang = normaliseLanguage(v);
  if (!lang) {
    ctx.addIssue({ code: 'custom', message: `unknown language "${v.slice(0, 20)}" (one of ${Object.keys(LANGUAGES).join(', ')})` });
    return z.NEVER;
  }
  return lang;
});

export const personaField = z.string().trim().min(1).max(40);
