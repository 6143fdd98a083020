/**
 * The two transactional emails of the reader flows: the double opt-in confirmation and the
 * "you're already subscribed" note. One address each; the name never goes into a header.
 */
import type { Subscriber } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import type { OutgoingEmail } from '../mail/port.js';
import { escapeHtml, htmlToText, renderConfirmEmail } from '../render/index.js';
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
export function alreadySubscribedEmail(deps: AppDeps, subscriber: Subscriber): OutgoingEmail {
  const { config } = deps;
  const url = `${config.baseUrl}/preferences/${signToken(config.tokenSecret, 'preferences', claims(subscriber))}`;
  const pub = escapeHtml(config.publication);
  const p = 'margin:0 0 18px;font-family:Georgia,serif;font-size:18px;line-height:29px;color:#2e2a25';
  const html =
    `<!DOCTYPE html><html lang="${escapeHtml(subscriber.language)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>You're already subscribed</title></head>` +
    `<body style="margin:0;padding:24px 12px;background-color:#f3efe6">` +
    `<div style="max-width:536px;margin:0 auto;padding:28px 32px;background-color:#ffffff;border:1px solid #e4ddcf;border-radius:4px">` +
    `<h1 style="margin:0 0 20px;font-family:Georgia,serif;font-size:28px;line-height:34px;color:#1d1b18">You're already subscribed to ${pub}</h1>` +
    `<p style="${p}">Someone — hopefully you — asked to subscribe this address again. It already gets every edition, so nothing changed.</p>` +
    `<p style="${p}"><a href="${escapeHtml(url)}" style="color:#a8352a">Change your persona, language or name</a></p>` +
    `<p style="margin:0;font-family:Arial,sans-serif;font-size:13px;line-height:20px;color:#6b6358">${escapeHtml(config.postalAddress)}</p>` +
    `</div></body></html>`;
  return envelope(deps, subscriber, { subject: `You're already subscribed to ${config.publication}`, html, text: htmlToText(html) }, 'note');
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
