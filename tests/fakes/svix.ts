/**
 * Resend webhooks for tests: Svix signing (https://docs.svix.com/receiving/verifying-payloads/how-manual)
 * and event payloads shaped like the `resend` SDK's `WebhookEventPayload` types
 * (https://resend.com/docs/webhooks/event-types): `{ type, created_at, data: { email_id, … } }`.
 *
 * Signature: `svix-signature: v1,<base64 HMAC-SHA256 of "${svix-id}.${svix-timestamp}.${body}">`,
 * keyed with the base64-decoded part of the `whsec_…` secret; the timestamp is Unix seconds.
 * The `resend` SDK's `resend.webhooks.verify()` checks exactly this (via `standardwebhooks`,
 * ±5 minutes tolerance).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { b62id } from './http-util.js';

export interface SvixHeaders {
  'svix-id': string;
  'svix-timestamp': string;
  'svix-signature': string;
}

/** A fresh `whsec_…` secret (24 random bytes, base64), like the ones Resend hands out. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Signs `body` the way Svix does for Resend webhooks. `timestamp` is Unix seconds (default: now). */
export function signSvixWebhook(
  secret: string,
  body: string,
  opts: { id?: string; timestamp?: number | Date } = {},
): SvixHeaders {
  const id = opts.id ?? b62id('msg_', 27);
  const ts = opts.timestamp instanceof Date ? Math.floor(opts.timestamp.getTime() / 1000) : (opts.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
  return { 'svix-id': id, 'svix-timestamp': String(ts), 'svix-signature': `v1,${sig}` };
}

export type ResendEmailEventType =
  | 'email.sent'
  | 'email.scheduled'
  | 'email.delivered'
  | 'email.delivery_delayed'
  | 'email.bounced'
  | 'email.complained'
  | 'email.opened'
  | 'email.clicked'
  | 'email.failed'
  | 'email.suppressed';

export interface ResendEventInput {
  email_id: string;
  from?: string;
  to?: string | string[];
  subject?: string;
  /** ISO time of the event (default: now). Used for both `created_at` fields. */
  created_at?: string;
  tags?: Record<string, string>;
  broadcast_id?: string;
  /** `email.bounced`: `Permanent` (default), `Transient` or `Undetermined`. */
  bounceType?: 'Permanent' | 'Transient' | 'Undetermined';
  bounceSubType?: string;
  /** `email.clicked`: the link followed. */
  link?: string;
  /** `email.failed` / `email.suppressed`: the reason text. */
  reason?: string;
}

export interface ResendWebhookEvent {
  type: ResendEmailEventType;
  created_at: string;
  data: Record<string, unknown> & { email_id: string; created_at: string };
}

/** Builds an email event payload in Resend's shape. */
export function resendEvent(type: ResendEmailEventType, input: ResendEventInput): ResendWebhookEvent {
  const at = input.created_at ?? new Date().toISOString();
  const data: ResendWebhookEvent['data'] = {
    created_at: at,
    email_id: input.email_id,
    message_id: `<${input.email_id}@email.amazonses.com>`,
    from: input.from ?? 'Primera Plana <newsletter@example.com>',
    to: input.to === undefined ? ['reader@example.com'] : Array.isArray(input.to) ? input.to : [input.to],
    subject: input.subject ?? 'Edition',
  };
  if (input.tags) data.tags = input.tags;
  if (input.broadcast_id) data.broadcast_id = input.broadcast_id;
  if (type === 'email.bounced') {
    const kind = input.bounceType ?? 'Permanent';
    data.bounce = {
      message:
        kind === 'Permanent'
          ? "The recipient's email provider sent a hard bounce message: the address does not exist."
          : "The recipient's email provider sent a temporary bounce message.",
      subType: input.bounceSubType ?? (kind === 'Permanent' ? 'General' : 'MailboxFull'),
      type: kind,
    };
  }
  if (type === 'email.clicked') {
    data.click = { ipAddress: '203.0.113.7', link: input.link ?? 'https://example.com/', timestamp: at, userAgent: 'Mozilla/5.0' };
  }
  if (type === 'email.failed') data.failed = { reason: input.reason ?? 'reached_daily_quota' };
  if (type === 'email.suppressed') data.suppressed = { message: input.reason ?? 'The address is on the suppression list.', type: 'OnAccountSuppressionList' };
  return { type, created_at: at, data };
}

/** POSTs a signed event to a webhook endpoint, as Svix would deliver it. */
export async function postSignedWebhook(
  url: string,
  secret: string,
  event: ResendWebhookEvent | string,
  opts: { id?: string; timestamp?: number | Date; headers?: Record<string, string> } = {},
): Promise<Response> {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const signed = signSvixWebhook(secret, body, opts);
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Svix-Webhooks/1.0', ...signed, ...opts.headers },
    body,
  });
}
