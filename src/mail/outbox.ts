/**
 * The local outbox: the Mailer used when no Resend key is configured. Each message becomes a
 * real RFC 5322 .eml file (multipart/alternative, all headers), so the whole flow can be seen
 * with no account. Idempotency is honoured like Resend's: a repeated key writes nothing new.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchOutcome, Mailer, OutgoingEmail, SendOptions } from './port.js';

/** Encodes a header value as RFC 2047 UTF-8 words when it is not plain ASCII. */
function encodeWord(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

/** "Name <addr>" with the display name encoded when needed. */
function encodeAddress(value: string): string {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (!m || !m[1]) return value.trim();
  const name = m[1].replace(/^"|"$/g, '');
  return /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}" <${m[2]}>` : `${encodeWord(name)} <${m[2]}>`;
}

const base64Lines = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

/** Builds the RFC 5322 text of one message. */
export function toEml(email: OutgoingEmail, id: string, date: Date): string {
  const boundary = `pp-${createHash('sha1').update(id).digest('hex').slice(0, 24)}`;
  const headers: [string, string][] = [
    ['From', encodeAddress(email.from)],
    ['To', encodeAddress(email.to)],
    ...(email.replyTo ? ([['Reply-To', encodeAddress(email.replyTo)]] as [string, string][]) : []),
    ['Subject', encodeWord(email.subject)],
    ['Date', date.toUTCString().replace('GMT', '+0000')],
    ['Message-ID', `<${id}@outbox.primera-plana.local>`],
    ['MIME-Version', '1.0'],
    ...Object.entries(email.headers).map(([k, v]) => [k.replace(/[^\x21-\x39\x3b-\x7e]/g, ''), encodeWord(v)] as [string, string]),
    ...(email.tags ?? []).map((t) => ['X-Tag', `${t.name}=${t.value}`] as [string, string]),
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  return [
    ...headers.map(([k, v]) => `${k}: ${v}`),
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(email.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(email.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
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
    emails.forEach((email, i) => {
      const safeTo = email.to.replace(/[^a-zA-Z0-9@._-]/g, '_').slice(0, 80);
      const file = join(this.dir, `${date.toISOString().replace(/[:.]/g, '-')}-${safeTo}-${ids[i].slice(0, 8)}.eml`);
      writeFileSync(file + '.tmp', toEml(email, ids[i], date));
      renameSync(file + '.tmp', file);
    });
    if (keyFile) writeFileSync(keyFile, JSON.stringify({ bodyHash, ids }));
    return { kind: 'accepted', ids, rejected: [] };
  }
}
