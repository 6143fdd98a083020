/**
 * The batch body we write ourselves must mean exactly what the SDK's `batch.send` would have sent:
 * the same JSON value, field for field, in the SDK's own field order, and pure ASCII bytes. It is
 * also a function of the emails alone, so a retried batch is byte-identical.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../src/mail/port.js';
import { asciiJson, batchBody } from '../../src/mail/resend-wire.js';
import { compileVariant, personaliseParts } from '../../src/render/compile.js';
import type { CompiledVariant } from '../../src/render/types.js';
import { reader, seedVariant } from '../render/fixtures.js';

/** What resend@6's parseEmailToApiOptions makes of an email, before JSON.stringify drops the undefined. */
function sdkShape(e: OutgoingEmail) {
  return {
    attachments: undefined,
    bcc: undefined,
    cc: undefined,
    from: e.from,
    headers: e.headers,
    html: e.html,
    reply_to: e.replyTo || undefined,
    scheduled_at: undefined,
    subject: e.subject,
    tags: e.tags?.length ? e.tags : undefined,
    text: e.text,
    to: e.to,
  };
}

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', 'plain', `q"uo\\te`, 'tab\tnew\nline\u0000', 'Zoë — “quotes” 👩‍👩‍👧', 'lone \uD800 \uDC00', '\u2028\u2029\u007f\u0080'),
);

const plainEmail: fc.Arbitrary<OutgoingEmail> = fc.record(
  {
    from: anyText,
    to: anyText,
    subject: anyText,
    html: anyText,
    text: anyText,
    headers: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), anyText, { maxKeys: 3 }),
    replyTo: anyText,
    tags: fc.array(fc.record({ name: anyText, value: anyText }), { maxLength: 2 }),
  },
  { requiredKeys: ['from', 'to', 'subject', 'html', 'text', 'headers'] },
);

const isAscii = (b: Buffer) => b.every((byte) => byte < 0x80);

describe('batchBody', () => {
  let compiled: CompiledVariant;
  beforeAll(async () => {
    compiled = await compileVariant(seedVariant());
  });

  it('writes, in ASCII, the JSON the SDK would send for any plain emails', () => {
    fc.assert(
      fc.property(fc.array(plainEmail, { minLength: 1, maxLength: 4 }), (emails) => {
        const body = batchBody(emails);
        expect(isAscii(body)).toBe(true);
        expect(JSON.parse(body.toString('latin1'))).toEqual(JSON.parse(JSON.stringify(emails.map(sdkShape))));
        expect(body.toString('latin1')).toBe(asciiJson(emails.map(sdkShape)));
      }),
      { numRuns: 300 },
    );
  });

  it('writes personalised emails from their parts exactly as from their joined text, twice alike', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyText, anyText), { minLength: 1, maxLength: 3 }), (people) => {
        const emails: OutgoingEmail[] = people.map(([name, local]) => {
          const parts = personaliseParts(compiled, reader('t0k', { name, email: `${local}@example.com` }));
          const html = parts.html.toString();
          const text = parts.text.toString();
          return { from: 'News <news@example.com>', to: `${local}@example.com`, subject: 'S', html, text, headers: { 'List-Id': '<x>' }, parts };
        });
        const fromParts = batchBody(emails);
        const fromText = batchBody(emails.map(({ parts: _parts, ...plain }) => plain));
        expect(isAscii(fromParts)).toBe(true);
        expect(fromParts.equals(fromText)).toBe(true);
        expect(fromParts.equals(batchBody(emails))).toBe(true);
        expect(JSON.parse(fromParts.toString('latin1'))[0].html).toBe(emails[0].html);
      }),
      { numRuns: 60 },
    );
  });
});
