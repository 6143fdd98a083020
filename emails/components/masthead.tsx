/**
 * The top of an edition: the nameplate line, the headline and dek, and the byline with the
 * author's initial in a circle (drawn with CSS, so it shows with images off).
 */
import { Column, Heading, Row, Section, Text } from '@react-email/components';
import { Fragment } from 'react';
import { headingText } from './text-styles.js';
import { cls, color, font } from './theme.js';

/** Props of the nameplate line. */
export interface MastheadProps {
  publication: string;
  section?: string;
  /** "Edition #0058", in the reader's language. */
  edition?: string;
}

/** "Primera Plana · The AI Landscape · Edition #0058". */
export function Masthead({ publication, section, edition }: MastheadProps) {
  // Each segment stays whole on a narrow screen ("Edition" above "#0058" reads badly).
  const segments = [publication, section, edition].filter(Boolean);
  return (
    <Text
      className={`${cls.muted} ${cls.rule}`}
      style={{
        margin: '0 0 28px',
        paddingBottom: 14,
        borderBottom: `1px solid ${color.rule}`,
        fontFamily: font.sans,
        fontSize: 12,
        lineHeight: '18px',
        letterSpacing: '0.08em',
        textTransform: 'uppercase',
        color: color.muted,
      }}
    >
      {segments.map((segment, i) =>
        i === 0 ? (
          <span
            key={i}
            className={cls.link}
            style={{
              fontFamily: font.serif,
              fontWeight: 700,
              letterSpacing: '0.12em',
              color: color.accent,
              whiteSpace: 'nowrap',
            }}
          >
            {segment}
          </span>
        ) : (
          <Fragment key={i}>
            {' · '}
            <span style={{ whiteSpace: 'nowrap' }}>{segment}</span>
          </Fragment>
        ),
      )}
    </Text>
  );
}

/** Props of the headline block. */
export interface HeadlineProps {
  title: string;
  dek?: string;
  /** The article's language, when the headline is part of one. */
  lang?: string;
}

/** The edition's title and dek, in the serif. */
export function Headline({ title, dek, lang }: HeadlineProps) {
  return (
    <>
      <Heading
        as="h1"
        lang={lang}
        className={`${cls.ink} pp-h`}
        style={{ margin: '0 0 14px', ...headingText(34, '41px') }}
      >
        {title}
      </Heading>
      {dek ? (
        <Text
          lang={lang}
          className={cls.muted}
          style={{
            margin: '0 0 24px',
            fontFamily: font.serif,
            fontSize: 19,
            lineHeight: '29px',
            fontStyle: 'italic',
            color: color.muted,
          }}
        >
          {dek}
        </Text>
      ) : null}
    </>
  );
}

/** Props of the byline. */
export interface BylineProps {
  author: string;
  /** Already formatted, e.g. "April 21, 2026". */
  date: string;
  /** Already worded, e.g. "✦ Reading: 9 min". */
  readingTime: string;
}

/** The first user-perceived character of a name, upper-cased: "G" for "Germán". */
export function initialOf(name: string): string {
  const first = Array.from(name.trim())[0] ?? '';
  return first.toLocaleUpperCase();
}

const AVATAR = 40;

/** Avatar circle, author, date and reading time. */
export function Byline({ author, date, readingTime }: BylineProps) {
  const meta = `${date} · ${readingTime}`;
  return (
    <Section style={{ margin: '0 0 24px' }}>
      <Row>
        {author ? (
          <Column style={{ width: AVATAR + 12, verticalAlign: 'middle' }} data-skip-in-text="true">
            <div
              aria-hidden="true"
              style={{
                width: AVATAR,
                height: AVATAR,
                borderRadius: AVATAR / 2,
                backgroundColor: color.accent,
                color: color.avatarText,
                fontFamily: font.serif,
                fontSize: 19,
                fontWeight: 700,
                lineHeight: `${AVATAR}px`,
                textAlign: 'center',
              }}
            >
              {initialOf(author)}
            </div>
          </Column>
        ) : null}
        <Column style={{ verticalAlign: 'middle' }}>
          {author ? (
            <Text
              className={cls.ink}
              style={{
                margin: 0,
                fontFamily: font.sans,
                fontSize: 14,
                lineHeight: '20px',
                fontWeight: 600,
                color: color.ink,
              }}
            >
              {author}
            </Text>
          ) : null}
          <Text
            className={cls.muted}
            style={{ margin: 0, fontFamily: font.sans, fontSize: 13, lineHeight: '20px', color: color.muted }}
          >
            {meta}
          </Text>
        </Column>
      </Row>
    </Section>
  );
}
