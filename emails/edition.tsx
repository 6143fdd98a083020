/**
 * An edition, as one subscriber receives it, written like a letter: the nameplate, a greeting,
 * the headline, their persona's TL;DR, links to read it as any other persona, the article, an
 * invitation to reply, share links, the next article, and a footer saying why they get it.
 * Every fixed word is in the reader's language (its catalog); the article is in its own, or in
 * the reader's when the edition was translated for them (with a line saying who translated it and
 * a link to the original), and says which with `lang`. Rendered once per variant with sentinel
 * reader values (src/render/compile.ts).
 */
import { Img, Section, Text } from '@react-email/components';
import { catalogFor, chromeLanguage, formatDate } from './i18n/index.js';
import { Closing } from './components/closing.js';
import { EmailShell, Footer } from './components/layout.js';
import { markdownToEmailHtml, readingMinutes } from './components/markdown.js';
import { Byline, Headline, Masthead } from './components/masthead.js';
import { previewLinks, previewReader, seedEdition, seedPersonas, seedTldr } from './components/preview-data.js';
import { bodyText, smallPrint } from './components/text-styles.js';
import { firstSentence } from './components/text.js';
import { cls, color, font, layout } from './components/theme.js';
import { ReadItAs, TldrBlock } from './components/tldr.js';
import { TranslationNote } from './components/translation.js';
import type { EditionContent, PersonaRef, PublicLinks, ReaderView, TldrContent, TranslationContent } from './components/types.js';

/** Everything the edition email shows. */
export interface EditionEmailProps {
  publication: string;
  edition: EditionContent;
  /** The reader's language (the TL;DR's); the chrome follows it when it has a catalog. */
  language: string;
  /** The persona this variant is written for. */
  persona: PersonaRef;
  /** All personas, for "Read it as…". */
  personas: PersonaRef[];
  tldr: TldrContent;
  /** The article in the reader's language, or why not; absent: the edition as written. */
  translation?: TranslationContent | null;
  postalAddress: string;
  /** The same for every reader: the public web version, the subscribe page. */
  links: PublicLinks;
  reader: ReaderView;
}

const caption = { margin: '8px 0 0', ...smallPrint };

/** The edition email. */
export default function EditionEmail(props: EditionEmailProps) {
  const { publication, edition, language, persona, personas, tldr, translation, postalAddress, links, reader } = props;
  const t = catalogFor(language);
  const articleLang = edition.language;
  // The article as this reader reads it: translated, or as written. The illustration and the
  // "Next article" teaser stay in the original's language.
  const translated = translation?.kind === 'translated' ? translation : null;
  const text = translated ?? { title: edition.title, dek: edition.dek, body: edition.body, language: articleLang };
  const preview = firstSentence(tldr.text || text.dek || text.title);
  const art = edition.illustration;
  const minutes = edition.readingTime ?? readingMinutes(text.body);
  return (
    <EmailShell
      lang={chromeLanguage(language)}
      title={text.title}
      preview={preview}
      webLink={{ url: reader.webUrl, label: t.edition.viewInBrowser }}
      footer={
        <Footer
          reason={t.edition.reason(publication, persona.label)}
          labels={t.footer}
          preferencesUrl={reader.preferencesUrl}
          unsubscribeUrl={reader.unsubscribeUrl}
          email={reader.email}
          forwarded={{ question: t.edition.forwarded, label: t.edition.subscribe, url: links.subscribe }}
          postalAddress={postalAddress}
        />
      }
    >
      <Masthead publication={publication} section={edition.section} edition={t.article.editionNumber(edition.number)} />
      {/* A letter's salutation: under the letterhead, before anything else. Left out (the whole
          paragraph) when there is no name; src/render/slots.ts relies on that shape. */}
      {reader.greeting ? (
        <Text className={cls.text} style={{ margin: '0 0 22px', ...bodyText, wordBreak: 'break-word' }}>
          {reader.greeting}
        </Text>
      ) : null}
      <Headline title={text.title} dek={text.dek} lang={text.language} />
      <Byline author={edition.author} date={formatDate(edition.date, t.meta.locale)} readingTime={t.article.readingTime(minutes)} />
      {translation ? <TranslationNote t={t} translation={translation} originalLanguage={articleLang ?? 'en'} /> : null}
      {art ? (
        <Section style={{ margin: '0 0 28px' }}>
          <Img
            src={art.src}
            alt={art.alt}
            width={layout.contentWidth}
            lang={articleLang}
            // While it loads (or when blocked) the image box is tinted, and dark in dark mode.
            className={cls.tint}
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
            <Text lang={articleLang} className={cls.muted} style={caption}>
              {art.caption}
            </Text>
          ) : null}
        </Section>
      ) : null}
      <TldrBlock tldr={tldr} personaLabel={persona.label} t={t.article} />
      <ReadItAs personas={personas} current={persona.slug} urls={reader.readAsUrls} heading={t.article.readItAs} />
      <div lang={text.language} dangerouslySetInnerHTML={{ __html: markdownToEmailHtml(text.body) }} />
      <Closing t={t} webUrl={links.web} title={text.title} next={edition.next} lang={articleLang} />
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
  links: previewLinks,
  reader: previewReader,
} satisfies EditionEmailProps;
