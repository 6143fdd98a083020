/**
 * Escaping and validation shared by the template path and the string-assembly path.
 * `escapeHtml` must stay byte-for-byte what React DOM Server does, or personalised emails
 * would differ from directly rendered ones.
 */

/** Thrown when a value cannot be put into an email safely. */
export class RenderError extends Error {
  override name = 'RenderError';
}

/**
 * Escapes text exactly as React DOM Server does for text nodes and attribute values
 * (`escapeTextForBrowser`): `"` `&` `'` `<` `>` and nothing else.
 * Built from `indexOf`/`replaceAll` (native scans) because it runs on every recipient value:
 * measured ~3× faster than a charCodeAt loop on signed URLs. `&` goes first so the other
 * replacements' own ampersands are not escaped twice.
 */
export function escapeHtml(value: string): string {
  const amp = value.indexOf('&');
  const quot = value.indexOf('"');
  const apos = value.indexOf("'");
  const lt = value.indexOf('<');
  const gt = value.indexOf('>');
  if (amp === -1 && quot === -1 && apos === -1 && lt === -1 && gt === -1) return value;
  let out = amp === -1 ? value : value.replaceAll('&', '&amp;');
  if (quot !== -1) out = out.replaceAll('"', '&quot;');
  if (apos !== -1) out = out.replaceAll("'", '&#x27;');
  if (lt !== -1) out = out.replaceAll('<', '&lt;');
  if (gt !== -1) out = out.replaceAll('>', '&gt;');
  return out;
}

// One anchored character-class test: native code, measured ~3× faster per URL than a JS loop.
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

/** Protocols a link in an edition body may use; everything else is dropped to its text. */
const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

/**
 * The href to use for an author's link, or null when it is unsafe or relative (an email has no
 * base URL). Control characters go first, as browsers strip them before reading the scheme
 * (`java\tscript:` is `javascript:` to them).
 */
export function safeLinkHref(href: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = href
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .replace(/ /g, '%20');
  return SAFE_LINK.test(cleaned) ? cleaned : null;
}
