/**
 * The two transactional emails of the reader flows: the double opt-in confirmation and the
 * "you're already subscribed" note. One address each; the name never goes into a header.
 */
import type { Subscriber } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import type { OutgoingEmail } from '../mail/port.js';
import { renderAlreadySubscribedEmail, renderConfirmEmail } from '../render/index.js';
import { CONFIRM_TTL_MS, signToken } from './tokens.js';

const claims = (s: Subscriber) => ({ subscriberId: s.id, version: s.tokenVersion });

/** The confirmation email for `subscriber`, with a confirm link valid for 7 days. */
export async function confirmationEmail(deps: AppDeps, subscriber: Subscriber): Promise<OutgoingEmail> {
  const { config } = deps;
  const token = signToken(config.tokenSecret, 'confirm', claims(subscriber), deps.clock.now().getTime() + CONFIRM_TTL_MS);
  const rendered = await renderConfirmEmail({
    publication: config.publication,
    confirmUrl: `${config.baseUrl}/confirm/${token}`,
    postalAddress: config.postalAddress,
    name: subscriber.name,
    language: subscriber.language,
  });
  return envelope(deps, subscriber, rendered, 'confirm');
}

/** A short note to an address that is already subscribed, with a link to its preferences. */
export async function alreadySubscribedEmail(deps: AppDeps, subscriber: Subscriber): Promise<OutgoingEmail> {
  const { config } = deps;
  const rendered = await renderAlreadySubscribedEmail({
    publication: config.publication,
    preferencesUrl: `${config.baseUrl}/preferences/${signToken(config.tokenSecret, 'preferences', claims(subscriber))}`,
    postalAddress: config.postalAddress,
    language: subscriber.language,
  });
  return envelope(deps, subscriber, rendered, 'note');
}

function envelope(
  { config }: AppDeps,
  subscriber: Subscriber,
  content: { subject: string; html: string; text: string },
  kind: string,
): OutgoingEmail {
  return {
    from: config.mailFrom,
    to: subscriber.email,
    subject: content.subject.replace(/[\r\n]+/g, ' '),
    html: content.html,
    text: content.text,
    headers: {},
    ...(config.replyTo ? { replyTo: config.replyTo } : {}),
    tags: [{ name: 'category', value: kind }],
  };
}

/** Sends one transactional email; a failure is logged, never shown (the answer must not differ). */
export async function sendQuietly(deps: AppDeps, email: OutgoingEmail): Promise<boolean> {
  try {
    const outcome = await deps.mailer.sendBatch([email]);
    if (outcome.kind === 'accepted' && outcome.ids[0]) return true;
    deps.log.warn('reader email not accepted', { kind: outcome.kind, message: 'message' in outcome ? outcome.message : outcome.rejected[0]?.message });
  } catch (err) {
    deps.log.error('reader email failed', err);
  }
  return false;
}
