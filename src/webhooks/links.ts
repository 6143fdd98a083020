/**
 * The link a click is counted under. Resend's `email.clicked` names the exact URL followed, and
 * an email's reader links carry that reader's signed token (`/unsubscribe/<token>`,
 * `?t=<token>` on "Read it as…", see src/reader/tokens.ts). Stored as they come, every reader
 * would be a link of their own and the database would keep their tokens (which name them). So a
 * link is stored without any token-shaped path segment or query value: one row per link of the
 * edition, nothing personal.
 */

/** A reader token: base64url(purpose.subscriber.version[.expiry]) "." base64url(16-byte tag). */
const TOKEN = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{22}$/;

/** Longer links are cut: a link is a key, and nobody reads the end of a 2,000-character URL. */
export const MAX_LINK_CHARS = 2000;

/** The link as stored and counted, or null when it is not a web link. */
export function linkKey(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const segments = url.pathname.split('/');
  if (segments.some((s) => TOKEN.test(s))) url.pathname = segments.filter((s) => !TOKEN.test(s)).join('/');
  for (const [name, value] of [...url.searchParams]) if (TOKEN.test(value)) url.searchParams.delete(name, value);
  return url.href.slice(0, MAX_LINK_CHARS);
}
