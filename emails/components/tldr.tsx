/**
 * The reader's TL;DR (written for their persona) and the "Read it as…" links to the web version
 * rewritten for every other persona. The kicker says whose TL;DR it is and the credit line who
 * wrote it, honestly: the persona only when it was written for them, Claude only when Claude did.
 */
import { Link, Section, Text } from '@react-email/components';
import { Fragment } from 'react';
import { CATALOGS, type Catalog } from '../i18n/index.js';
import { ghostRows, Raw } from './mso.js';
import { kicker, noteText, smallPrint } from './text-styles.js';
import { cls, color, font, layout } from './theme.js';
import type { PersonaRef, TldrContent, TldrSource } from './types.js';

type ArticleWords = Catalog['article'];

/** The honest credit line under a TL;DR, by who wrote it. */
export function tldrSourceLabel(source: TldrSource, t: ArticleWords = CATALOGS.en.article): string {
  return t.credit[source];
}

/** Whose TL;DR it is: the persona's when written for them, everyone's when it is the editor's fallback. */
export function tldrKicker(source: TldrSource, personaLabel: string, t: ArticleWords = CATALOGS.en.article): string {
  return source === 'fallback' ? t.tldrForEveryone : t.tldrFor(personaLabel);
}

const label = { margin: '0 0 10px', ...kicker };

/** Props of the TL;DR block. */
export interface TldrBlockProps {
  tldr: TldrContent;
  /** The label of the persona this variant is for. */
  personaLabel: string;
  t: ArticleWords;
}

/** The TL;DR, its optional "why it matters to you" line, and who wrote it. */
export function TldrBlock({ tldr, personaLabel, t }: TldrBlockProps) {
  // The text is in the TL;DR's own language, which may not be the chrome's.
  const lang = tldr.language ?? undefined;
  return (
    <Section
      className={cls.tint}
      style={{ backgroundColor: color.tint, borderLeft: `3px solid ${color.accent}`, margin: '0 0 24px' }}
    >
      <Section style={{ padding: '20px 22px 18px' }}>
        <Text className={cls.link} style={label}>
          {tldrKicker(tldr.source, personaLabel, t)}
        </Text>
        <Text
          lang={lang}
          className={cls.text}
          style={{ margin: '0 0 12px', fontFamily: font.serif, fontSize: 17, lineHeight: '28px', color: color.text }}
        >
          {tldr.text}
        </Text>
        {tldr.why ? (
          <Text className={cls.text} style={{ margin: '0 0 12px', ...noteText, color: color.text }}>
            <strong>{t.whyItMatters}</strong> <span lang={lang}>{tldr.why}</span>
          </Text>
        ) : null}
        <Text className={cls.muted} style={{ margin: 0, ...smallPrint }}>
          {tldrSourceLabel(tldr.source, t)}
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
  /** "AI rewrite · Read it as…", in the reader's language. */
  heading: string;
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
export function ReadItAs({ personas, current, urls, heading }: ReadItAsProps) {
  // Outlook for Windows stacks inline-blocks; a ghost table keeps its pills in rows.
  const ghost = ghostRows(
    personas.map((p) => p.label),
    layout.contentWidth,
  );
  return (
    <Section style={{ margin: '0 0 28px' }}>
      <Text className={cls.muted} style={{ ...label, color: color.muted, letterSpacing: '0.1em' }}>
        {heading}
      </Text>
      <div>
        <Raw html={ghost.before} />
        {personas.map((p, i) => (
          // A block per pill: side by side where inline-block works, in the ghost table's cells in
          // Outlook for Windows, and one persona per line in the plain-text version.
          <Fragment key={p.slug}>
            {i > 0 ? <Raw html={ghost.between[i - 1]} /> : null}
            <div style={{ display: 'inline-block' }}>
              <Link
                href={urls[i]}
                // The current pill's red border stays red in dark mode: no rule class on it.
                className={p.slug === current ? cls.link : `${cls.ink} ${cls.rule}`}
                style={p.slug === current ? currentPill : pill}
              >
                {p.label}
              </Link>
            </div>
          </Fragment>
        ))}
        <Raw html={ghost.after} />
      </div>
    </Section>
  );
}
