/**
 * The one HTML → plain-text conversion every email goes through, so the compiled path and the
 * direct path produce the same text part.
 */
import { render, toPlainText } from '@react-email/render';
import type { ReactElement } from 'react';
import { expandRaw } from '../../emails/components/mso.js';

// react-email's converter never wraps (`wordwrap: false`), so a value of any length substituted
// later cannot move a line break. Headings keep the author's case: the title in capitals reads
// like shouting, and sentinels must come out as they went in.
const options = {
  wordwrap: false as const,
  selectors: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
    selector,
    options: { uppercase: false },
  })),
};

/** The plain-text part for an email's HTML. */
export function htmlToText(html: string): string {
  return toPlainText(html, options);
}

/**
 * Renders an email element to its HTML and plain-text parts (one React render), with the
 * templates' raw markup (Outlook's conditional comments) written in.
 */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const html = expandRaw(await render(element));
  return { html, text: htmlToText(html) };
}
