/**
 * The two transactional emails of the reader flows: the double opt-in confirmation and the
 * "you're already subscribed" note. One address each. Nothing a request wrote goes into them:
 * until an address is confirmed, whoever asked may not be its owner, and a name or any other text
 * they chose would be theirs to put in a mail sent from us (phishing). The name waits for the
 * editions, after confirmation.
 */
import type { Subscriber } from '../db/schema.js';
import type { TransactionalCategory } from '../db/transactional-schema.js';
import type { CoreDeps } from '../deps.js';
import type { OutgoingEmail } from '../mail/port.js';
import { renderAlreadySubscribedEmail, renderConfirmEmail } from '../render/index.js';
import { isSuppressed } from '../subscribers/store.js';
import { CONFIRM_TTL_MS, signToken } from './tokens.js';

type MailDeps = Pick<CoreDeps, 'config' | 'clock'>;

const claims = (s: Subscriber) => ({ subscriberId: s.id, version: s.tokenVersion });

/** The confirmation email for `subscriber`, with a confirm link valid for 7 days. */
export async function confirmationEmail(deps: MailDeps, subscriber: Subscriber): Promise<OutgoingEmail> {
  const { config } = deps;
  const token = signToken(config.tokenSecret, 'confirm', claims(subscriber), deps.clock.now().getTime() + CONFIRM_TTL_MS);
  const rendered = await renderConfirmEmail({
    publication: config.publication,
    confirmUrl: `${config.baseUrl}/confirm/${token}`,
    postalAddress: config.postalAddress,
    language: subscriber.language,
  });
  return envelope(deps, subscriber, rendered, 'confirm');
}

/** A short note to an address that is already subscribed, with a link to its preferences. */
export async function alreadySubscribedEmail(deps: MailDeps, subscriber: Subscriber): Promise<OutgoingEmail> {
  const { config } = deps;
  const rendered = await renderAlreadySubscribedEmail({
    publication: config.publication,
    preferencesUrl: `${config.baseUrl}/preferences/${signToken(config.tokenSecret, 'preferences', claims(subscriber))}`,
    postalAddress: config.postalAddress,
    language: subscriber.language,
  });
  return envelope(deps, subscriber, rendered, 'note');
}

/** What a subscriber's request calls for now, or why nothing is sent. */
export type ReaderEmail = { category: Extract<TransactionalCategory, 'confirm' | 'note'>; email: OutgoingEmail } | { skip: string };

/**
 * The email a reader's subscribe request calls for, decided when it is sent rather than when it
 * was asked: pending and unsubscribed addresses get a confirmation, active ones the note, bounced,
 * complained and suppressed ones nothing.
 */
export async function readerEmail(deps: MailDeps & Pick<CoreDeps, 'db'>, subscriber: Subscriber): Promise<ReaderEmail> {
  if (await isSuppressed(deps.db, subscriber.email)) return { skip: 'the address is suppressed' };
  switch (subscriber.status) {
    case 'pending':
    case 'unsubscribed':
      return { category: 'confirm', email: await confirmationEmail(deps, subscriber) };
    case 'active':
      return { category: 'note', email: await alreadySubscribedEmail(deps, subscriber) };
    default:
      return { skip: `the subscriber is ${subscriber.status}` };
  }
}

function envelope(
  { config }: MailDeps,
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
