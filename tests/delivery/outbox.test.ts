/**
 * The local outbox: each email a real RFC 5322 file that a mail parser reads back exactly as it
 * was sent (headers, tags, both parts), named by time, recipient and id, idempotent like Resend.
 */
import { simpleParser } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../src/mail/port.js';
import { OutboxMailer } from '../../src/mail/outbox.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const UNSUBSCRIBE = `<https://news.example.com/unsubscribe/${'t'.repeat(140)}>, <mailto:unsubscribe@news.example.com?subject=u>`;

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  from: 'Primera Plana — Ñ <newsletter@news.example.com>',
  to: 'lucia@example.com',
  replyTo: 'Editor <editor@news.example.com>',
  subject: 'Amazon bet $25 billion on Anthropic — qué cambia',
  // Long lines, "=", dots at line starts, trailing spaces, non-ASCII: what transfer encodings trip on.
  html: `<p style="margin:0">Hola Lucía — ${'x'.repeat(200)} </p>\n.<p>trailing   </p>\n${'é'.repeat(90)}`,
  text: `Hola Lucía,\nline two  \n\n.\nFrom here on ${'y '.repeat(60)}\n`,
  headers: { 'List-Unsubscribe': UNSUBSCRIBE, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  tags: [
    { name: 'category', value: 'edition' },
    { name: 'delivery', value: '42' },
  ],
  ...overrides,
});

let dir: string;
let outbox: OutboxMailer;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pp-outbox-'));
  outbox = new OutboxMailer(dir, () => NOW);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const emlFiles = () => readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();

describe('the .eml files', () => {
  it('read back exactly as sent: addresses, subject, our headers, tags, Message-ID, both parts', async () => {
    const outcome = await outbox.sendBatch([email()]);
    expect(outcome).toMatchObject({ kind: 'accepted', rejected: [] });
    const id = outcome.kind === 'accepted' ? outcome.ids[0] : null;
    const [file] = emlFiles();
    const mail = await simpleParser(readFileSync(join(dir, file)));
    expect(mail.from?.value).toEqual([{ name: 'Primera Plana — Ñ', address: 'newsletter@news.example.com' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : null).toBe('lucia@example.com');
    expect(mail.replyTo?.value).toEqual([{ name: 'Editor', address: 'editor@news.example.com' }]);
    expect(mail.subject).toBe(email().subject);
    expect(mail.messageId).toBe(`<${id}@outbox.primera-plana.local>`);
    expect(mail.date?.toISOString()).toBe(NOW.toISOString());
    expect(mail.headers.get('x-tag')).toEqual(['category=edition', 'delivery=42']);
    const line = (key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/\r\n[ \t]+/g, ' ');
    expect(line('list-unsubscribe')).toMatch(new RegExp(`^List-Unsubscribe: ?${UNSUBSCRIBE.replace(/[?.]/g, '\\$&')}$`));
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.html).toBe(email().html);
    expect(mail.text).toBe(email().text);
  });

  it('never lets a line break in a value start a header of its own', async () => {
    await outbox.sendBatch([email({ subject: 'Hi\r\nBcc: evil@example.com', headers: { 'X-Note': 'a\r\nBcc: evil@example.com' } })]);
    const raw = readFileSync(join(dir, emlFiles()[0]), 'latin1');
    expect(raw.slice(0, raw.indexOf('\r\n\r\n'))).not.toMatch(/^Bcc:/im);
    expect((await simpleParser(raw)).bcc).toBeUndefined();
  });

  it('are named by time, recipient and id, one per email', async () => {
    const outcome = await outbox.sendBatch([email(), email({ to: 'ana+news@example.com' })]);
    const ids = outcome.kind === 'accepted' ? outcome.ids : [];
    expect(emlFiles()).toEqual(
      [
        `2026-11-26T10-00-00-000Z-lucia@example.com-${ids[0]?.slice(0, 8)}.eml`,
        `2026-11-26T10-00-00-000Z-ana_news@example.com-${ids[1]?.slice(0, 8)}.eml`,
      ].sort(),
    );
  });
});

describe('idempotency', () => {
  it('a repeated key writes nothing new and answers the same ids; another body under it is a conflict', async () => {
    const first = await outbox.sendBatch([email()], { idempotencyKey: 'pp-send-b1' });
    const files = emlFiles();
    expect(await outbox.sendBatch([email()], { idempotencyKey: 'pp-send-b1' })).toEqual(first);
    expect(emlFiles()).toEqual(files);
    expect(await outbox.sendBatch([email({ subject: 'changed' })], { idempotencyKey: 'pp-send-b1' })).toMatchObject({ kind: 'conflict' });
    expect(emlFiles()).toEqual(files);
  });

  it('refuses an empty batch and one over 100', async () => {
    expect(await outbox.sendBatch([])).toMatchObject({ kind: 'permanent' });
    expect(await outbox.sendBatch(Array.from({ length: 101 }, () => email()))).toMatchObject({ kind: 'permanent' });
    expect(emlFiles()).toEqual([]);
  });
});
