/**
 * The type styles the templates share, as inline style objects. Each one leaves out `margin`,
 * which depends on where the text sits: write `{ margin: '0 0 20px', ...bodyText }`. Margin goes
 * first and a spread keeps its keys' order, so the rendered `style` attributes stay as they were.
 */
import type { CSSProperties } from 'react';
import { color, font } from './theme.js';

/** Serif prose at reading size: greetings and paragraphs (the edition body's `<p>` matches it). */
export const bodyText = {
  fontFamily: font.serif,
  fontSize: 18,
  lineHeight: '30px',
  color: color.text,
} as const satisfies CSSProperties;

/** A serif title in bold ink, `fontSize` px on `lineHeight`. */
export const headingText = (fontSize: number, lineHeight: string) =>
  ({ fontFamily: font.serif, fontSize, lineHeight, fontWeight: 700, color: color.ink }) as const satisfies CSSProperties;

/** A sans note beside the prose: a link's expiry, "why it matters to you". */
export const noteText = {
  fontFamily: font.sans,
  fontSize: 14,
  lineHeight: '22px',
  color: color.muted,
} as const satisfies CSSProperties;

/** Small print: captions, credit lines, the footer. */
export const smallPrint = {
  fontFamily: font.sans,
  fontSize: 12,
  lineHeight: '18px',
  color: color.muted,
} as const satisfies CSSProperties;

/** The spaced capitals over a block: "TL;DR", "Next article". */
export const kicker = {
  fontFamily: font.sans,
  fontSize: 12,
  lineHeight: '16px',
  fontWeight: 700,
  letterSpacing: '0.14em',
  textTransform: 'uppercase',
  color: color.accent,
} as const satisfies CSSProperties;

/** The one call to action of a transactional email. */
export const button = {
  backgroundColor: color.accent,
  color: '#ffffff',
  borderRadius: 4,
  padding: '14px 26px',
  fontFamily: font.sans,
  fontSize: 16,
  fontWeight: 700,
  textDecoration: 'none',
} as const satisfies CSSProperties;
