/**
 * An edition, as one subscriber receives it: their persona's TL;DR, links to read it as any other
 * persona, the article, the next one, and a footer saying why they get it.
 * Rendered once per variant with sentinel reader values (see src/render/compile.ts).
 */
import { Column, Hr, Img, Link, Row, Section, Text } from '@react-email/components';
import { EmailShell, Footer } from './components/layout.js';
import { markdownToEmailHtml, readingMinutes } from './components/markdown.js';
import { Byline, Headline, Masthead } from './components/masthead.js';
import { previewReader, seedEdition, seedPersonas, seedTldr } from './components/preview-data.js';
import { bodyText, kicker, smallPrint } from './components/text-styles.js';
import { firstSentence, formatEditionDate } from './components/text.js';
import { cls, color, font, layout } from './components/theme.js';
import { ReadItAs, TldrBlock } from './components/tldr.js';
import type { EditionContent, PersonaRef, ReaderView, TldrContent } from './components/types.js';

/** Everything the edition email shows. */
export interface EditionEmailProps {
  publication: string;
  edition: EditionContent;
  /** Language of the variant; the `<html lang>`. */
  language: string;
  /** The persona this variant is written for. */
  persona: PersonaRef;
  /** All personas, for "Read it as…". */
  personas: PersonaRef[];
  tldr: TldrContent;
  postalAddress: string;
  reader: ReaderView;
}

const caption = { margin: '8px 0 0', ...smallPrint };

/** The edition email. */
export default function EditionEmail(props: EditionEmailProps) {
  const { publication, edition, language, persona, personas, tldr, postalAddress, reader } = props;
  const preview = firstSentence(tldr.text || edition.dek || edition.title);
  const art = edition.illustration;
  return (
    <EmailShell
      lang={language}
      title={edition.title}
      preview={preview}
      webUrl={reader.webUrl}
      footer={
        <Footer
          reason={`You're receiving this because you subscribed to ${publication} as “${persona.label}”.`}
          preferencesUrl={reader.preferencesUrl}
          unsubscribeUrl={reader.unsubscribeUrl}
          email={reader.email}
          postalAddress={postalAddress}
        />
      }
    >
      <Masthead publication={publication} section={edition.section} number={edition.number} />
      <Headline title={edition.title} dek={edition.dek} />
      <Byline author={edition.author} date={formatEditionDate(edition.date)} minutes={readingMinutes(edition.body)} />
      {art ? (
        <Section style={{ margin: '0 0 28px' }}>
          <Img
            src={art.src}
            alt={art.alt}
            width={layout.contentWidth}
            style={{
              display: 'block',
              width: '100%',
              maxWidth: layout.contentWidth,
              height: 'auto',
              border: 0,
              backgroundColor: color.tint,
              fontFamily: font.sans,
              fontSize: 13,
              color: color.muted,
            }}
          />
          {art.caption ? (
            <Text className={cls.muted} style={caption}>
              {art.caption}
            </Text>
          ) : null}
        </Section>
      ) : null}
      <TldrBlock tldr={tldr} />
      <ReadItAs personas={personas} current={persona.slug} urls={reader.readAsUrls} />
      <Text className={cls.text} style={{ margin: '0 0 20px', ...bodyText, wordBreak: 'break-word' }}>
        Hi {reader.greetingName},
      </Text>
      <div dangerouslySetInnerHTML={{ __html: markdownToEmailHtml(edition.body) }} />
      {edition.next ? (
        <Section style={{ margin: '12px 0 0' }}>
          <Hr
            className={cls.rule}
            style={{ border: 'none', borderTop: `1px solid ${color.rule}`, margin: '0 0 22px' }}
          />
          <Row>
            <Column>
              <Text className={cls.link} style={{ margin: '0 0 6px', ...kicker }}>
                Next article
              </Text>
              <Text style={{ margin: 0, fontFamily: font.serif, fontSize: 21, lineHeight: '29px', fontWeight: 700 }}>
                <Link href={edition.next.url} className={cls.ink} style={{ color: color.ink, textDecoration: 'none' }}>
                  {edition.next.title} →
                </Link>
              </Text>
            </Column>
          </Row>
        </Section>
      ) : null}
    </EmailShell>
  );
}

EditionEmail.PreviewProps = {
  publication: 'Primera Plana',
  edition: seedEdition,
  language: 'en',
  persona: seedPersonas[0],
  personas: seedPersonas,
  tldr: seedTldr,
  postalAddress: 'Primera Plana · 548 Market St, San Francisco, CA 94104, USA',
  reader: previewReader,
} satisfies EditionEmailProps;
