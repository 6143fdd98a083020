/**
 * The double opt-in email: one button, and the promise that ignoring it means no subscription.
 * It shows no name: the address is not confirmed yet, so nothing anyone typed goes back out.
 */
import { Heading, Section, Text } from '@react-email/components';
import { catalogFor, chromeLanguage } from './i18n/index.js';
import { EmailShell, Footer } from './components/layout.js';
import { Masthead } from './components/masthead.js';
import { BulletproofButton } from './components/mso.js';
import { bodyText, button, headingText, noteText } from './components/text-styles.js';
import { cls } from './components/theme.js';

/** What the confirmation email shows. */
export interface ConfirmEmailProps {
  publication: string;
  /** The signed link that activates the subscription. */
  confirmUrl: string;
  /** How long the link works, in days. */
  expiresInDays: number;
  postalAddress: string;
  /** The language the reader chose; the chrome follows it when it has a catalog. */
  language: string;
}

const paragraph = { margin: '0 0 18px', ...bodyText };

/** The confirmation email. */
export default function ConfirmEmail(props: ConfirmEmailProps) {
  const { publication, confirmUrl, expiresInDays, postalAddress, language } = props;
  const t = catalogFor(language);
  const title = t.confirm.title(publication);
  return (
    <EmailShell
      lang={chromeLanguage(language)}
      title={title}
      preview={t.confirm.preview(publication, expiresInDays)}
      footer={<Footer reason={t.confirm.reason(publication)} labels={t.footer} postalAddress={postalAddress} />}
    >
      <Masthead publication={publication} />
      <Heading as="h1" className={`${cls.ink} pp-h`} style={{ margin: '0 0 20px', ...headingText(30, '37px') }}>
        {title}
      </Heading>
      <Text className={cls.text} style={paragraph}>
        {t.confirm.thanks}
      </Text>
      <Section style={{ margin: '8px 0 26px' }}>
        <BulletproofButton href={confirmUrl} label={t.confirm.button} style={button} />
      </Section>
      <Text className={cls.muted} style={{ margin: '0 0 18px', ...noteText }}>
        {t.confirm.expiry(expiresInDays)}
      </Text>
    </EmailShell>
  );
}

ConfirmEmail.PreviewProps = {
  publication: 'Primera Plana',
  confirmUrl: 'https://primeraplana.example/confirm/preview-token',
  expiresInDays: 7,
  postalAddress: 'Primera Plana · 548 Market St, San Francisco, CA 94104, USA',
  language: 'en',
} satisfies ConfirmEmailProps;
