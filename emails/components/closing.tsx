/**
 * The end of an edition: the invitation to reply, the share links (to the public web version,
 * never a reader's own links) and the teaser for the next article.
 */
import { Column, Hr, Link, Row, Section, Text } from '@react-email/components';
import type { Catalog } from '../i18n/index.js';
import { kicker, noteText } from './text-styles.js';
import { cls, color, font } from './theme.js';
import type { NextArticle } from './types.js';

/** Where each share link goes, for the public URL of an edition and its title. */
export function shareUrls(url: string, title: string): { x: string; linkedin: string; email: string } {
  const u = encodeURIComponent(url);
  return {
    x: `https://x.com/intent/post?url=${u}&text=${encodeURIComponent(title)}`,
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${u}`,
    email: `mailto:?subject=${encodeURIComponent(title)}&body=${u}`,
  };
}

const rule = { border: 'none', borderTop: `1px solid ${color.rule}`, margin: '0 0 22px' };
const shareLink = { color: color.accent, textDecoration: 'underline' };

/** Props of the closing block. */
export interface ClosingProps {
  t: Catalog;
  /** The public web version: what share links and "copy the link" point to. */
  webUrl: string;
  title: string;
  next: NextArticle | null;
  /** The article's language, for the next article's title. */
  lang?: string;
}

/** "Just reply", share links, and the next article. */
export function Closing({ t, webUrl, title, next, lang }: ClosingProps) {
  const share = shareUrls(webUrl, title);
  return (
    <>
      <Text className={cls.muted} style={{ margin: '8px 0 28px', fontFamily: font.serif, fontSize: 17, lineHeight: '28px', fontStyle: 'italic', color: color.muted }}>
        {t.edition.replyLine}
      </Text>
      <Hr className={cls.rule} style={rule} />
      <Section style={{ margin: '0 0 22px' }}>
        <Text className={cls.link} style={{ margin: '0 0 8px', ...kicker }}>
          {t.article.share}
        </Text>
        {/* Share intents are clutter in the plain text, where the link to copy is what helps. */}
        <Text className={cls.text} style={{ margin: '0 0 6px', ...noteText, color: color.text }} data-skip-in-text="true">
          <Link href={share.x} className={cls.link} style={shareLink}>
            {t.article.shareOnX}
          </Link>
          {' · '}
          <Link href={share.linkedin} className={cls.link} style={shareLink}>
            {t.article.shareOnLinkedIn}
          </Link>
          {' · '}
          <Link href={share.email} className={cls.link} style={shareLink}>
            {t.article.shareByEmail}
          </Link>
        </Text>
        <Text className={cls.muted} style={{ margin: 0, ...noteText, wordBreak: 'break-word' }}>
          {`${t.article.copyLink} `}
          <Link href={webUrl} className={cls.muted} style={{ color: color.muted, textDecoration: 'underline' }}>
            {webUrl}
          </Link>
        </Text>
      </Section>
      {next ? (
        <Section style={{ margin: '12px 0 0' }}>
          <Hr className={cls.rule} style={rule} />
          <Row>
            <Column>
              <Text className={cls.link} style={{ margin: '0 0 6px', ...kicker }}>
                {t.article.nextArticle}
              </Text>
              <Text lang={lang} style={{ margin: 0, fontFamily: font.serif, fontSize: 21, lineHeight: '29px', fontWeight: 700 }}>
                <Link href={next.url} className={cls.ink} style={{ color: color.ink, textDecoration: 'none' }}>
                  {next.title} →
                </Link>
              </Text>
            </Column>
          </Row>
        </Section>
      ) : null}
    </>
  );
}
