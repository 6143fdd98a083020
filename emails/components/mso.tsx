/**
 * Markup for Outlook for Windows, whose Word engine ignores max-width, inline-block and
 * border-radius but reads conditional comments (`<!--[if mso]>…<![endif]-->`). React cannot
 * write comments, so `Raw` renders a placeholder element that `expandRaw` (run by src/render on
 * every rendered email) replaces with the markup, verbatim.
 */
import { Button } from '@react-email/components';
import { createElement, type CSSProperties, type ReactNode } from 'react';
import { color } from './theme.js';

const TAG = 'pp-raw';

/** Markup written into the email exactly as given, once `expandRaw` has run. */
export function Raw({ html }: { html: string }) {
  return createElement(TAG, { 'data-html': html });
}

/** `html` for Outlook for Windows only. */
export const msoOnly = (html: string) => `<!--[if mso]>${html}<![endif]-->`;

/** Children every client but Outlook for Windows shows. */
export function NotMso({ children }: { children: ReactNode }) {
  return (
    <>
      <Raw html="<!--[if !mso]><!-->" />
      {children}
      <Raw html="<!--<![endif]-->" />
    </>
  );
}

const PLACEHOLDER = new RegExp(`<${TAG} data-html="([^"]*)"></${TAG}>`, 'g');
const UNESCAPE: Record<string, string> = { '&quot;': '"', '&#x27;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** Turns every `Raw` placeholder of a rendered email into its markup (React escaped it; undone here). */
export function expandRaw(html: string): string {
  return html.replace(PLACEHOLDER, (_, value: string) => value.replace(/&(?:quot|#x27|lt|gt|amp);/g, (e) => UNESCAPE[e]));
}

/** Escapes a value for an attribute or text inside raw markup. */
export function escapeRaw(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Tells Outlook the images' pixels are CSS pixels (no scaling on high-DPI Windows). */
export const MSO_HEAD = msoOnly(
  '<noscript><xml><o:OfficeDocumentSettings><o:AllowPNG/><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>',
);

const ghostTable = (width?: number) =>
  `<table role="presentation" ${width ? `align="center" width="${width}" style="width:${width}px" ` : ''}cellpadding="0" cellspacing="0" border="0"><tr>`;

/** A fixed-width centred table around `children` for Outlook (which ignores `max-width`). */
export function GhostTable({ width, children }: { width: number; children: ReactNode }) {
  return (
    <>
      <Raw html={msoOnly(`${ghostTable(width)}<td style="padding:0">`)} />
      {children}
      <Raw html={msoOnly('</td></tr></table>')} />
    </>
  );
}

/** Props of a button that Outlook for Windows draws with VML (rounded, padded, clickable all over). */
export interface BulletproofButtonProps {
  href: string;
  label: string;
  style: CSSProperties;
}

/** A call-to-action: react-email's Button everywhere, a VML round rectangle in Outlook for Windows. */
export function BulletproofButton({ href, label, style }: BulletproofButtonProps) {
  // Word has no shrink-to-fit: the width is estimated from the label (bold 16px sans ≈ 9px a character).
  const width = Math.min(536, Math.round(label.length * 9 + 56));
  const vml =
    `<v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="urn:schemas-microsoft-com:office:word" href="${escapeRaw(href)}" ` +
    `style="height:48px;v-text-anchor:middle;width:${width}px;" arcsize="9%" stroke="f" fillcolor="${color.accent}">` +
    `<w:anchorlock/><center style="color:#ffffff;font-family:Arial,sans-serif;font-size:16px;font-weight:bold;">${escapeRaw(label)}</center></v:roundrect>`;
  return (
    <>
      <Raw html={msoOnly(vml)} />
      <NotMso>
        <Button href={href} style={style}>
          {label}
        </Button>
      </NotMso>
    </>
  );
}

/** Pills side by side for Outlook, which stacks inline-blocks: a ghost table, a row per ~536px. */
export function ghostRows(labels: string[], rowWidth: number): { before: string; between: string[]; after: string } {
  const cell = '<td style="padding:0 6px 8px 0" valign="top">';
  const between: string[] = [];
  // A pill is its label at ~7.5px a character (13px sans) plus its padding, border and gap.
  const widthOf = (label: string) => label.length * 7.5 + 34;
  let used = labels.length ? widthOf(labels[0]) : 0;
  for (const label of labels.slice(1)) {
    const w = widthOf(label);
    if (used + w > rowWidth) {
      between.push(msoOnly(`</td></tr></table>${ghostTable()}${cell}`));
      used = w;
    } else {
      between.push(msoOnly(`</td>${cell}`));
      used += w;
    }
  }
  return { before: msoOnly(`${ghostTable()}${cell}`), between, after: msoOnly('</td></tr></table>') };
}
