/**
 * The note to an address that asked to subscribe but already reads every edition: nothing
 * changed, and here are its preferences. Sent instead of a confirmation so the subscribe form
 * answers the same whoever asks.
 */
import { Heading, Section, Text } from '@react-email/components';
import { catalogFor, chromeLanguage } from './i18n/index.js';
import { EmailShell, Footer } from './components/layout.js';
import { Masthead } from './components/masthead.js';
import { BulletproofButton } from './components/mso.js';
import { bodyText, button, headingText } from './components/text-styles.js';
import { cls } from './components/theme.js';

/** What the "already subscribed" note shows. */
export interface AlreadySubscribedEmailProps {
  publication: string;
  /** The signed link to the subscriber's preferences (persona, language, name). */
  preferencesUrl: string;
  postalAddress: string;
  /** The subscriber's language; the chrome follows it when it has a catalog. */
  language: string;
}

const paragraph = { margin: '0 0 18px', ...bodyText };

/** The "already subscribed" note. */
export default function AlreadySubscribedEmail(props: AlreadySubscribedEmailProps) {
  const { publication, preferencesUrl, postalAddress, language } = props;
  const t = catalogFor(language);
  const title = t.alreadySubscribed.title(publication);
  return (
    <EmailShell
      lang={chromeLanguage(language)}
      title={title}
      preview={t.alreadySubscribed.preview(publication)}
      footer={<Footer reason={t.alreadySubscribed.reason(publication)} labels={t.footer} postalAddress={postalAddress} />}
    >
      <Masthead publication={publication} />
      <Heading as="h1" className={`${cls.ink} pp-h`} style={{ margin: '0 0 20px', ...headingText(30, '37px') }}>
        {title}
      </Heading>
      <Text className={cls.text} style={paragraph}>
        {t.alreadySubscribed.body}
      </Text>
      <Section style={{ margin: '8px 0 8px' }}>
        <BulletproofButton href={preferencesUrl} label={t.alreadySubscribed.button} style={button} />
      </Section>
    </EmailShell>
  );
}

AlreadySubscribedEmail.PreviewProps = {
  publication: 'Primera Plana',
  preferencesUrl: 'https://primeraplana.example/preferences/preview-token',
  postalAddress: 'Primera Plana · 548 Market St, San Francisco, CA 94104, USA',
  language: 'en',
} satisfies AlreadySubscribedEmailProps;
