/**
 * The frame every Primera Plana email shares: document head (colour scheme, dark-mode CSS,
 * Outlook's settings), preheader, paper background, a 600px card (a ghost table for Outlook), and
 * the footer that says why the mail came.
 */
import { Body, Container, Head, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { CSSProperties, ReactNode } from 'react';
import { GhostTable, MSO_HEAD, Raw } from './mso.js';
import { smallPrint } from './text-styles.js';
import { cls, color, headCss, layout } from './theme.js';

/** Props of the document frame. */
export interface EmailShellProps {
  /** The chrome's language: the `<html lang>` (parts in another language carry their own). */
  lang: string;
  /** `<title>`: some clients show it when the mail is opened in a browser tab. */
  title: string;
  /** The preheader: the line inboxes show after the subject. */
  preview: string;
  /** "View in browser", above the card: its URL and its words. */
  webLink?: { url: string; label: string };
  children: ReactNode;
  footer: ReactNode;
}

/** The document: head, preheader, paper, "View in browser", the card, the footer. */
export function EmailShell({ lang, title, preview, webLink, children, footer }: EmailShellProps) {
  return (
    <Html lang={lang}>
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{title}</title>
        <Raw html={MSO_HEAD} />
        <style dangerouslySetInnerHTML={{ __html: headCss }} />
      </Head>
      <Preview>{preview}</Preview>
      {/* The body carries the dark-mode class too: below a short email, it is what shows. */}
      <Body className={cls.paper} style={{ margin: 0, padding: 0, backgroundColor: color.paper }}>
        {/* Body repeats its background on an inner cell the dark-mode class can't reach; this
            full-width section carries the class instead. */}
        <Section className={cls.paper} style={{ backgroundColor: color.paper }}>
          <GhostTable width={layout.width}>
            <Container style={{ maxWidth: layout.width, width: '100%', margin: '0 auto' }}>
              {webLink ? (
                <Section className="pp-g" style={{ padding: `20px ${layout.gutter}px 10px` }}>
                  <Text className={cls.muted} style={{ ...smallPrint, margin: 0, textAlign: 'right' }}>
                    <Link href={webLink.url} className={cls.muted} style={{ color: color.muted, textDecoration: 'underline' }}>
                      {webLink.label}
                    </Link>
                  </Text>
                </Section>
              ) : (
                <Section style={{ height: 20 }} />
              )}
              <Section
                className={`${cls.card} ${cls.ruleAccentTop}`}
                style={{
                  backgroundColor: color.card,
                  border: `1px solid ${color.rule}`,
                  borderTop: `3px solid ${color.accent}`,
                  borderRadius: 4,
                }}
              >
                <Section className="pp-g" style={{ padding: `28px ${layout.gutter}px 36px` }}>
                  {children}
                </Section>
              </Section>
              <Section className="pp-g" style={{ padding: `24px ${layout.gutter}px 40px` }}>
                {footer}
              </Section>
            </Container>
          </GhostTable>
        </Section>
      </Body>
    </Html>
  );
}

/** The footer's words, in the reader's language. */
export interface FooterLabels {
  preferences: string;
  unsubscribe: string;
  sentTo: (email: string) => string;
}

/** Props of the footer; the reader-specific parts are optional (the confirm mail has none). */
export interface FooterProps {
  /** Why this reader gets this mail, as one sentence. */
  reason: string;
  labels: FooterLabels;
  preferencesUrl?: string;
  unsubscribeUrl?: string;
  /** The address the mail was sent to. */
  email?: string;
  /** "Forwarded this? Subscribe": the question, the link's words and where it goes. */
  forwarded?: { question: string; label: string; url: string };
  postalAddress: string;
}

const footerText: CSSProperties = { ...smallPrint, margin: '0 0 8px', textAlign: 'center' };
const footerLink: CSSProperties = { color: color.muted, textDecoration: 'underline' };

/** Why you get this, your links, the postal address (CAN-SPAM). */
export function Footer({ reason, labels, preferencesUrl, unsubscribeUrl, email, forwarded, postalAddress }: FooterProps) {
  return (
    <>
      <Text className={cls.muted} style={footerText}>
        {reason}
      </Text>
      {preferencesUrl && unsubscribeUrl ? (
        <Text className={cls.muted} style={footerText}>
          <Link href={preferencesUrl} className={cls.muted} style={footerLink}>
            {labels.preferences}
          </Link>
          {' · '}
          <Link href={unsubscribeUrl} className={cls.muted} style={footerLink}>
            {labels.unsubscribe}
          </Link>
        </Text>
      ) : null}
      {email ? (
        <Text className={cls.muted} style={footerText}>
          {labels.sentTo(email)}
        </Text>
      ) : null}
      {forwarded ? (
        <Text className={cls.muted} style={footerText}>
          {`${forwarded.question} `}
          <Link href={forwarded.url} className={cls.muted} style={footerLink}>
            {forwarded.label}
          </Link>
        </Text>
      ) : null}
      <Text className={cls.muted} style={{ ...footerText, margin: 0 }}>
        {postalAddress}
      </Text>
    </>
  );
}
