/**
 * The reader's TL;DR (written for their persona) and the "Read it as…" links to the web version
 * rewritten for every other persona. The label says Claude only when Claude wrote the text.
 */
import { Link, Section, Text } from '@react-email/components';
import { kicker, noteText, smallPrint } from './text-styles.js';
import { cls, color, font } from './theme.js';
import type { PersonaRef, TldrContent, TldrSource } from './types.js';

/** The honest credit line under a TL;DR, by who wrote it. */
export function tldrSourceLabel(source: TldrSource): string {
  switch (source) {
    case 'claude':
      return '✦ Summarized with Claude at publish time';
    case 'editor':
      return '✦ Summary by the editor';
    case 'fallback':
      return "✦ Summary by the editor (a summary for your profile wasn't available)";
  }
}

const label = { margin: '0 0 10px', ...kicker };

/** Props of the TL;DR block. */
export interface TldrBlockProps {
  tldr: TldrContent;
}

/** The TL;DR, its optional "why it matters to you" line, and who wrote it. */
export function TldrBlock({ tldr }: TldrBlockProps) {
  return (
    <Section
      className={`${cls.tint} ${cls.rule}`}
      style={{ backgroundColor: color.tint, borderLeft: `3px solid ${color.accent}`, margin: '0 0 24px' }}
    >
      <Section style={{ padding: '20px 22px 18px' }}>
        <Text className={cls.link} style={label}>
          TL;DR
        </Text>
        <Text
          className={cls.text}
          style={{ margin: '0 0 12px', fontFamily: font.serif, fontSize: 17, lineHeight: '28px', color: color.text }}
        >
          {tldr.text}
        </Text>
        {tldr.why ? (
          <Text className={cls.text} style={{ margin: '0 0 12px', ...noteText, color: color.text }}>
            <strong>Why it matters to you:</strong> {tldr.why}
          </Text>
        ) : null}
        <Text className={cls.muted} style={{ margin: 0, ...smallPrint }}>
          {tldrSourceLabel(tldr.source)}
        </Text>
      </Section>
    </Section>
  );
}

/** Props of the "Read it as…" row. */
export interface ReadItAsProps {
  personas: PersonaRef[];
  /** The persona this email was written for (shown selected). */
  current: string;
  /** URL per persona, in `personas` order. */
  urls: string[];
}

const pill = {
  display: 'inline-block',
  margin: '0 6px 8px 0',
  padding: '6px 13px',
  border: `1px solid ${color.rule}`,
  borderRadius: 16,
  fontFamily: font.sans,
  fontSize: 13,
  lineHeight: '18px',
  textDecoration: 'none',
  color: color.ink,
};
const currentPill = { ...pill, border: `1px solid ${color.accent}`, color: color.accent, fontWeight: 700 };

/** "AI rewrite · Read it as…" then one link per persona to the web version as that persona. */
export function ReadItAs({ personas, current, urls }: ReadItAsProps) {
  return (
    <Section style={{ margin: '0 0 28px' }}>
      <Text className={cls.muted} style={{ ...label, color: color.muted, letterSpacing: '0.1em' }}>
        AI rewrite · Read it as…
      </Text>
      <div>
        {personas.map((p, i) => (
          // A block per pill: side by side where inline-block works, stacked where it doesn't
          // (Outlook for Windows), and one persona per line in the plain-text version.
          <div key={p.slug} style={{ display: 'inline-block' }}>
            <Link
              href={urls[i]}
              className={p.slug === current ? `${cls.link} ${cls.rule}` : `${cls.ink} ${cls.rule}`}
              style={p.slug === current ? currentPill : pill}
            >
              {p.label}
            </Link>
          </div>
        ))}
      </div>
    </Section>
  );
}
