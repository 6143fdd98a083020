/**
 * The local outbox: the Mailer used when no Resend key is configured. Each message becomes a
 * real RFC 5322 .eml file (multipart/alternative, all headers), so the whole flow can be seen
 * with no account. Idempotency is honoured like Resend's: a repeated key writes nothing new.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchOutcome, Mailer, OutgoingEmail, SendOptions } from './port.js';

/**
 * Builds the RFC 5322 bytes of one message with nodemailer's MailComposer: multipart/alternative
 * (text, then HTML) with encoded words and transfer encodings chosen by the library, our headers
 * (List-Unsubscribe…), each tag as an `X-Tag: name=value` header, and a Message-ID made from the
 * id the outbox answers with, so a replayed batch names the same messages.
 */
export async function toEml(email: OutgoingEmail, id: string, date: Date): Promise<Buffer> {
  const composer = new MailComposer({
    from: email.from,
    to: email.to,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    subject: email.subject,
    date,
    messageId: `<${id}@outbox.primera-plana.local>`,
    headers: [
      ...Object.entries(email.headers).map(([key, value]) => ({ key, value })),
      ...(email.tags ?? []).map((t) => ({ key: 'X-Tag', value: `${t.name}=${t.value}` })),
    ],
    text: email.text,
    html: email.html,
    // Every part is given as a string: nothing is ever read from disk or fetched for it.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    mkdirSync(join(dir, '.keys'), { recursive: true });
  }

  async sendBatch(emails: OutgoingEmail[], options: SendOptions = {}): Promise<BatchOutcome> {
    if (emails.length === 0 || emails.length > 100) {
      return { kind: 'permanent', message: `a batch carries 1 to 100 emails, got ${emails.length}` };
    }
    await options.ready?.();
    const bodyHash = createHash('sha256').update(JSON.stringify(emails)).digest('hex');
    const keyFile = options.idempotencyKey
      ? join(this.dir, '.keys', createHash('sha256').update(options.idempotencyKey).digest('hex') + '.json')
      : null;
    if (keyFile && existsSync(keyFile)) {
      const saved = JSON.parse(readFileSync(keyFile, 'utf8')) as { bodyHash: string; ids: string[] };
      if (saved.bodyHash !== bodyHash) return { kind: 'conflict', message: 'idempotency key reused with a different body' };
      return { kind: 'accepted', ids: saved.ids, rejected: [] };
    }
    const date = this.now();
    const ids = emails.map(() => randomUUID());
    for (const [i, email] of emails.entries()) {
      const safeTo = email.to.replace(/[^a-zA-Z0-9@._-]/g, '_').slice(0, 80);
      const file = join(this.dir, `${date.toISOString().replace(/[:.]/g, '-')}-${safeTo}-${ids[i].slice(0, 8)}.eml`);
      writeFileSync(file + '.tmp', await toEml(email, ids[i], date));
      renameSync(file + '.tmp', file);
    }
    if (keyFile) writeFileSync(keyFile, JSON.stringify({ bodyHash, ids }));
    return { kind: 'accepted', ids, rejected: [] };
  }
}
