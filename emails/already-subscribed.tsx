/**
 * The note to an address that asked to subscribe but already reads every edition: nothing
 * changed, and here are its preferences. Sent instead of a confirmation so the subscribe form
 * answers the same whoever asks.
 */
import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailShell, Footer } from './components/layout.js';
import { Masthead } from './components/masthead.js';
import { bodyText, button, headingText } from './components/text-styles.js';
import { cls } from './components/theme.js';

/** What the "already subscribed" note shows. */
export interface AlreadySubscribedEmailProps {
  publication: string;
  /** The signed link to the subscriber's preferences (persona, language, name). */
  preferencesUrl: string;
  postalAddress: string;
  language: string;
}

const paragraph = { margin: '0 0 18px', ...bodyText };

/** The "already subscribed" note. */
export default function AlreadySubscribedEmail(props: AlreadySubscribedEmailProps) {
  const { publication, preferencesUrl, postalAddress, language } = props;
  const title = `You're already subscribed to ${publication}`;
  return (
    <EmailShell
      lang={language}
      title={title}
      preview={`Nothing changed: this address already gets every edition of ${publication}.`}
      footer={
        <Footer
          reason={`You're receiving this because this address is subscribed to ${publication} and someone asked to subscribe it again.`}
          postalAddress={postalAddress}
        />
      }
    >
      <Masthead publication={publication} />
      <Heading as="h1" className={`${cls.ink} pp-h`} style={{ margin: '0 0 20px', ...headingText(30, '37px') }}>
        {title}
      </Heading>
      <Text className={cls.text} style={paragraph}>
        Someone — hopefully you — asked to subscribe this address again. It already gets every edition, so nothing
        changed.
      </Text>
      <Section style={{ margin: '8px 0 8px' }}>
        <Button href={preferencesUrl} style={button}>
          Change your persona, language or name
        </Button>
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
