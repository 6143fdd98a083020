/**
 * What a provider event means, decided without I/O: for the address (a suppression), and for the
 * delivery it is about (its feedback: the latest state, the first time of each kind the stats
 * count, the link clicked). Tested with plain values.
 */
import type { SubscriberStatus } from '../db/schema.js';
import { linkKey } from './links.js';

/** A Resend webhook body, as the route has checked it. */
export interface ResendEvent {
  type: string;
  created_at?: string;
  data?: Record<string, unknown>;
}

/** What an event means for the address, or null when it is only feedback. */
export function suppressionFor(event: ResendEvent): { reason: string; status: SubscriberStatus } | null {
  switch (event.type) {
    case 'email.bounced':
      // Transient (mailbox full, greylisting) and Undetermined bounces are feedback, not acted on.
      return bounceType(event) === 'Permanent' ? { reason: 'bounce', status: 'bounced' } : null;
    case 'email.complained':
      return { reason: 'complaint', status: 'complained' };
    case 'email.suppressed':
      return { reason: 'provider_suppressed', status: 'bounced' };
    default:
      return null;
  }
}

function bounceType(event: ResendEvent): unknown {
  return (event.data?.bounce as { type?: unknown } | undefined)?.type;
}

/** The delivery columns that keep the first time of a kind of feedback. */
export type FirstTime = 'deliveredAt' | 'openedAt' | 'clickedAt' | 'bouncedAt' | 'complainedAt';

/** What an event says about the email it names. */
export interface Feedback {
  /** Resend's `last_event` word for it (the type without `email.`): delivered, opened, bounced… */
  kind: string;
  /** When it happened: the event's own time, else when it arrived; whole seconds. */
  at: Date;
  /** The first-time column it may set, when the stats count its kind. */
  first: FirstTime | null;
  /** `email.clicked`: the link followed, as stored (src/webhooks/links.ts). */
  link: string | null;
}

const FIRST: Record<string, FirstTime> = {
  'email.delivered': 'deliveredAt',
  'email.opened': 'openedAt',
  'email.clicked': 'clickedAt',
  'email.complained': 'complainedAt',
};

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The feedback in an email event, or null for events about something else (domains, contacts). */
export function feedbackOf(event: ResendEvent, receivedAt: Date): Feedback | null {
  if (!event.type.startsWith('email.') || event.type.length > 40) return null;
  const stamped = Date.parse(str(event.data?.created_at) ?? str(event.created_at) ?? '');
  const at = new Date(Math.floor((Number.isFinite(stamped) ? stamped : receivedAt.getTime()) / 1000) * 1000);
  // A transient bounce is a delay; the stats' "bounced" are the hard ones (Undetermined included).
  const first = event.type === 'email.bounced' ? (bounceType(event) === 'Transient' ? null : 'bouncedAt') : (FIRST[event.type] ?? null);
  const clicked = event.type === 'email.clicked' ? str((event.data?.click as { link?: unknown } | undefined)?.link) : undefined;
  return { kind: event.type.slice('email.'.length), at, first, link: clicked ? linkKey(clicked) : null };
}
