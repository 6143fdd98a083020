/** Email addresses: normalisation, validation and the hash that keys suppressions. */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** RFC 5321 caps an address at 254 characters. */
export const MAX_EMAIL_LENGTH = 254;

const emailShape = z.email();

/** Trims and lower-cases an address; addresses are unique in this form. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Returns the reason an (already normalised) address is unusable, or null when it is fine. */
export function emailProblem(email: string): string | null {
  if (email.length === 0) return 'email is required';
  if (email.length > MAX_EMAIL_LENGTH) return `email is longer than ${MAX_EMAIL_LENGTH} characters`;
  if (/[\s\r\n<>,;"]/.test(email) || !emailShape.safeParse(email).success) return 'email is not a valid address';
  return null;
}

/** The zod field used by every API that takes an address. */
export const emailField = z
  .string()
  .max(MAX_EMAIL_LENGTH + 20)
  .transform(normaliseEmail)
  .superRefine((v, ctx) => {
    const problem = emailProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/^email /, '') });
  });

/** SHA-256 of the normalised address: suppressions outlive the subscriber's personal data. */
export function emailHash(email: string): string {
  return createHash('sha256').update(normaliseEmail(email)).digest('hex');
}
