/**
 * What an editor should know before sending, in plain words with the setting to change: a
 * placeholder postal address, the default sender, flagged TL;DRs, missing keys, nobody to send to.
 * Also what Settings shows: each piece of configuration, set or missing.
 */
import { DEFAULT_MAIL_FROM, DEFAULT_POSTAL_ADDRESS } from '../../config/config.js';
import type { AppDeps } from '../../deps.js';

/** One piece of configuration as the console shows it. */
export interface ConfigItem {
  id: string;
  what: string;
  variable: string;
  ok: boolean;
  /** What the service does now, in the editor's words. */
  state: string;
  /** What setting it changes (when it is not set). */
  fix: string;
}

/** Each piece of configuration an editor cares about, set or not. Values of secrets are never shown. */
export function configItems({ config, summarizer }: Pick<AppDeps, 'config' | 'summarizer'>): ConfigItem[] {
  return [
    {
      id: 'resend', what: 'Resend API key', variable: 'RESEND_API_KEY', ok: config.mailProvider === 'resend',
      state: config.mailProvider === 'resend' ? 'Set: mail goes out through Resend.' : 'Missing: mail goes to the local outbox (data/outbox/*.eml); no reader gets it.',
      fix: 'Set RESEND_API_KEY to a Resend API key.',
    },
    {
      id: 'webhook', what: 'Resend webhook secret', variable: 'RESEND_WEBHOOK_SECRET', ok: !!config.resendWebhookSecret,
      state: config.resendWebhookSecret ? 'Set: deliveries, opens, clicks, bounces and complaints reach the stats.' : 'Missing: Resend’s events are refused, so stats show only what was sent, and bounces are not suppressed.',
      fix: 'Set RESEND_WEBHOOK_SECRET to the whsec_… secret of a Resend webhook pointing at /webhooks/resend.',
    },
    {
      id: 'anthropic', what: 'Anthropic API key', variable: 'ANTHROPIC_API_KEY', ok: !!summarizer,
      state: summarizer ? `Set: Claude (${config.tldrModel}) writes each persona’s TL;DR.` : 'Missing: every persona gets the editor’s own TL;DR.',
      fix: 'Set ANTHROPIC_API_KEY to write a TL;DR per persona and language with Claude.',
    },
    {
      id: 'sender', what: 'Sender', variable: 'MAIL_FROM', ok: config.mailFrom !== DEFAULT_MAIL_FROM,
      state: config.mailFrom !== DEFAULT_MAIL_FROM ? `Set: ${config.mailFrom}${config.replyTo ? `, replies to ${config.replyTo}` : ''}.` : `Default: ${DEFAULT_MAIL_FROM}, which Resend refuses.`,
      fix: 'Set MAIL_FROM to an address on your verified domain (and REPLY_TO if replies go elsewhere).',
    },
    {
      id: 'postal', what: 'Postal address', variable: 'POSTAL_ADDRESS', ok: config.postalAddress !== DEFAULT_POSTAL_ADDRESS,
      state: config.postalAddress !== DEFAULT_POSTAL_ADDRESS ? `Set: ${config.postalAddress}.` : 'Placeholder: the footer does not show a mailing address (CAN-SPAM requires one).',
      fix: 'Set POSTAL_ADDRESS to the publication’s mailing address.',
    },
  ];
}

/** What the send confirmation knows beyond the configuration. */
export interface SendFacts {
  audience: number;
  flagged: { persona: string; language: string; reason: string | null }[];
  /** Translations the send would use that Claude wrote badly: their readers get the original. */
  flaggedTranslations: { language: string; reason: string | null }[];
}

/** The warnings the send confirmation shows, worst first. */
export function sendWarnings(deps: Pick<AppDeps, 'config' | 'summarizer'>, facts: SendFacts): string[] {
  const out: string[] = [];
  if (facts.audience === 0) out.push('No active subscriber: nobody would get this edition.');
  for (const item of configItems(deps)) if (!item.ok && item.id !== 'webhook') out.push(`${item.variable}: ${item.state} ${item.fix}`);
  if (facts.flagged.length) {
    const list = facts.flagged.map((f) => `${f.persona} (${f.language})${f.reason ? `: ${f.reason}` : ''}`).join('; ');
    out.push(`${facts.flagged.length} TL;DR${facts.flagged.length === 1 ? ' is' : 's are'} flagged — Claude wrote ${facts.flagged.length === 1 ? 'it' : 'them'} badly twice, so readers get the fallback: ${list}. Regenerate or write your own under TL;DRs.`);
  }
  for (const t of facts.flaggedTranslations) {
    out.push(`The ${t.language} translation is flagged${t.reason ? ` (${t.reason})` : ''}: its readers get the original. Translate it again or write your own under TL;DRs.`);
  }
  return out;
}
