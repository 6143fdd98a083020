/**
 * Per-message headers: one-click unsubscribe (RFC 8058), the list's identity (RFC 2919),
 * and `headerSafe` for any value that goes into a header.
 */

// CR and LF would start a new header (header injection); other controls are invalid in headers.
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const PRINTABLE_WORD = /^[\x21-\x7e]*$/;

/**
 * A value fit for one header line: line breaks become a space, other control characters
 * (tabs included) are dropped, runs of spaces collapse, ends are trimmed.
 */
export function headerSafe(value: string): string {
  // Printable ASCII without spaces (URLs, List-Ids: every message's headers) has nothing to clean.
  if (PRINTABLE_WORD.test(value)) return value;
  return value.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').replace(CONTROLS, '').replace(/ {2,}/g, ' ').trim();
}

/** "The AI Landscape" → "the-ai-landscape"; accents folded, anything else becomes a hyphen. */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** What names a list: its section, its publication, and the service's public address. */
export interface ListIdentity {
  section: string;
  publication: string;
  baseUrl: string;
}

/**
 * The List-Id value without brackets, `section.publication.host`, e.g.
 * `the-ai-landscape.primera-plana.localhost`. An edition without a section is the
 * publication's list. The host keeps two installations of the same publication apart.
 */
export function listIdFor({ section, publication, baseUrl }: ListIdentity): string {
  let host = 'localhost';
  try {
    host = new URL(baseUrl).hostname || host;
  } catch {
    // an unparsable base URL still deserves a valid List-Id
  }
  const labels = [
    slugify(section),
    slugify(publication) || 'newsletter',
    host.replace(/^\[|\]$/g, '').replace(/:/g, '-'),
  ];
  return headerSafe(labels.filter(Boolean).join('.'));
}

/** Inputs of `messageHeaders`. */
export interface MessageHeaderInput {
  unsubscribeUrl: string;
  /** The List-Id value, with or without angle brackets (see `listIdFor`). */
  listId: string;
}

/** The headers every edition email carries (the delivery rules: one-click unsubscribe and the list's identity). */
export function messageHeaders({ unsubscribeUrl, listId }: MessageHeaderInput): Record<string, string> {
  const id = headerSafe(listId).replace(/^<|>$/g, '');
  return {
    'List-Unsubscribe': `<${headerSafe(unsubscribeUrl).replace(/[<>\s]/g, '')}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `<${id}>`,
  };
}
