/**
 * The double opt-in email: one button, and the promise that ignoring it means no subscription.
 */
import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailShell, Footer } from './components/layout.js';
import { Masthead } from './components/masthead.js';
import { button, bodyText, headingText, noteText } from './components/text-styles.js';
import { cls } from './components/theme.js';

/** What the confirmation email shows. */
export interface ConfirmEmailProps {
  publication: string;
  /** The signed link that activates the subscription. */
  confirmUrl: string;
  /** Who asked, as the greeting shows it ("there" when unknown). */
  greetingName: string;
  /** How long the link works, in days. */
  expiresInDays: number;
  postalAddress: string;
  language: string;
}

const paragraph = { margin: '0 0 18px', ...bodyText };

/** The confirmation email. */
export default function ConfirmEmail(props: ConfirmEmailProps) {
  const { publication, confirmUrl, greetingName, expiresInDays, postalAddress, language } = props;
  const title = `Confirm your subscription to ${publication}`;
  return (
    <EmailShell
      lang={language}
      title={title}
      preview={`One click and ${publication} starts arriving. The link works for ${expiresInDays} days.`}
      footer={
        <Footer
          reason={`You're receiving this because someone — hopefully you — asked to subscribe this address to ${publication}.`}
          postalAddress={postalAddress}
        />
      }
    >
      <Masthead publication={publication} />
      <Heading
        as="h1"
        className={`${cls.ink} pp-h`}
        style={{ margin: '0 0 20px', ...headingText(30, '37px') }}
      >
        {title}
      </Heading>
      <Text className={cls.text} style={paragraph}>
        Hi {greetingName},
      </Text>
      <Text className={cls.text} style={paragraph}>
        Thanks for signing up. Confirm that this is your address and the next edition will be in your inbox.
      </Text>
      <Section style={{ margin: '8px 0 26px' }}>
        <Button href={confirmUrl} style={button}>
          Confirm my subscription
        </Button>
      </Section>
      <Text className={cls.muted} style={{ margin: '0 0 18px', ...noteText }}>
        {`This link expires in ${expiresInDays} days. If you didn't ask to subscribe, ignore this email: ` +
          "you won't be subscribed and we won't write again."}
      </Text>
    </EmailShell>
  );
}

ConfirmEmail.PreviewProps = {
  publication: 'Primera Plana',
  confirmUrl: 'https://primeraplana.example/confirm/preview-token',
  greetingName: 'Ana',
  expiresInDays: 7,
  postalAddress: 'Primera Plana · 548 Market St, San Francisco, CA 94104, USA',
  language: 'en',
} satisfies ConfirmEmailProps;
