/**
 * The B side of the wire-writer A/B in bench/delivery.ts: the same Resend call made the plain way,
 * with the SDK's own `batch.send` (JSON.stringify of the emails, then UTF-8 encoding by fetch).
 * Bench-only: the service always uses src/mail/resend.ts.
 */
import { Resend } from 'resend';
import { batchOutcome } from '../src/mail/resend.js';
import type { BatchOutcome, Mailer, OutgoingEmail, SendOptions } from '../src/mail/port.js';

export class SdkMailer implements Mailer {
  private readonly resend: Resend;
  constructor(apiKey: string, baseUrl: string) {
    this.resend = new Resend(apiKey, { baseUrl });
  }

  async sendBatch(emails: OutgoingEmail[], options: SendOptions = {}): Promise<BatchOutcome> {
    const payload = emails.map((e) => ({ from: e.from, to: e.to, subject: e.subject, html: e.html, text: e.text, headers: e.headers, replyTo: e.replyTo, tags: e.tags }));
    await options.ready?.();
    const answer = await this.resend.batch.send(payload, { idempotencyKey: options.idempotencyKey, batchValidation: 'permissive' });
    return batchOutcome(answer as Parameters<typeof batchOutcome>[0], emails.length);
  }
}
