/**
 * Escaping and validation shared by the template path and the string-assembly path.
 * `escapeHtml` must stay byte-for-byte what React DOM Server does, or personalised emails
 * would differ from directly rendered ones.
 */

/** Thrown when a value cannot be put into an email safely. */
export class RenderError extends Error {
  override name = 'RenderError';
}

const HTML_ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&#x27;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text exactly as React DOM Server does for text nodes and attribute values
 * (`escapeTextForBrowser`): `"` `&` `'` `<` `>` and nothing else.
 */
export function escapeHtml(value: string): string {
  return value.replace(/["&'<>]/g, (c) => HTML_ESCAPES[c]);
}

const HTTP_URL = /^https?:\/\/[\x21-\x7e]+$/;

/**
 * Checks that a recipient URL is absolute http(s) made of printable ASCII (what our signed links
 * are). Anything else is refused rather than rewritten: React would neuter a `javascript:` URL and
 * the plain-text converter would split one with spaces, so neither could be personalised verbatim.
 */
export function assertHttpUrl(url: string, field: string): string {
  if (!HTTP_URL.test(url)) {
    throw new RenderError(`${field} must be an absolute http(s) URL of printable ASCII (percent-encode the rest)`);
  }
  return url;
}
