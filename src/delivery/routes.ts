/**
 * Admin routes that act on an edition's delivery, mounted under /api/admin/editions:
 * send, cancel, progress (JSON or live text/event-stream), test copy, and preview. Test copies go
 * through the transactional queue like confirmations: the answer says how many were queued.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { requireEdition } from '../editions/store.js';
import { inBackground } from '../http/background.js';
import { KB, limitBody } from '../http/body-limit.js';
import { invalid } from '../http/errors.js';
import { parseWith, readJson } from '../http/validate.js';
import { apiDoc, json } from '../openapi/describe.js';
import { emailField, emailHash } from '../subscribers/email.js';
import { languageField } from '../subscribers/fields.js';
import { queueRendered } from '../transactional/lifecycle.js';
import { storedEmail } from '../transactional/store.js';
import { compileFor, messageFor, recipientFor } from './compose.js';
import { progressSchema } from './plan.js';
import { cancelSend, sendAnswerSchema, startSend } from './send.js';
import { progress } from './store.js';
import { loadVariantSource } from './variants.js';

const sendSchema = z
  .object({ at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-12-01T08:00:00Z' }).optional() })
  .strict();
const testSchema = z
  .object({ to: z.array(emailField).min(1, 'needs at least one address').max(10, 'at most 10 addresses'), as: z.string().max(40).optional(), lang: languageField.optional() })
  .strict();
const previewSchema = z
  .object({ as: z.string().max(40).optional(), lang: languageField.optional(), format: z.enum(['html', 'text', 'json']).default('html') })
  .strict();

const testAnswerSchema = z
  .object({
    sent: z.number().int().min(0).describe('Copies accepted into the transactional queue (they leave on its share of the provider rate)'),
    ids: z.array(z.string().nullable()).describe('The queued message of each copy (`tx_<n>`), in the order of `to`'),
    rejected: z.array(z.object({ index: z.number().int(), message: z.string() })).describe('Always empty: a refusal by the provider comes later and is logged'),
  })
  .meta({ id: 'TestSendAnswer' });
const previewJsonSchema = z
  .object({
    persona: z.string(),
    language: z.string(),
    from: z.string(),
    to: z.string(),
    replyTo: z.string().optional(),
    subject: z.string(),
    headers: z.record(z.string(), z.string()),
    tags: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    html: z.string(),
    text: z.string(),
  })
  .meta({ id: 'EmailPreview' });

/** The contract, as the OpenAPI document shows it (src/openapi/). */
const doc = apiDoc('Sending');
const params = { id: "The edition's id" };
const docs = {
  send: doc({
    operationId: 'sendEdition',
    summary: 'Send an edition, now or at a time',
    description:
      'Without `at` (or with a past one) the send starts now; a future `at` schedules it. Calling it again while it sends changes nothing: nobody gets an edition twice. A sent edition answers 409.',
    params,
    body: { optional: true, content: json(sendSchema, { at: '2026-12-01T08:00:00Z' }) },
    responses: { 202: { description: 'Scheduled, or sending', content: json(sendAnswerSchema) } },
    errors: [400, 404, 409, 413, 415],
  }),
  cancel: doc({
    operationId: 'cancelSend',
    summary: 'Cancel a scheduled or running send',
    description: 'What was sent stays sent; sending again later reaches only those not reached yet.',
    params,
    responses: { 200: { description: 'Where the send stopped', content: json(progressSchema) } },
    errors: [404, 409, 413],
  }),
  progress: doc({
    operationId: 'getProgress',
    summary: "A send's progress",
    description: 'As JSON, or as a live `text/event-stream` (one `progress` event per change, until the send ends) when the client accepts it.',
    params,
    responses: {
      200: {
        description: 'Where the send stands',
        content: {
          'application/json': progressSchema,
          'text/event-stream': { type: 'string', description: 'Server-sent events `progress`, each `data` a Progress object as JSON' },
        },
      },
    },
    errors: [404],
  }),
  test: doc({
    operationId: 'sendTestCopy',
    summary: 'Send a test copy',
    description: 'The email a reader of persona `as` (and language `lang`) gets, to up to 10 addresses, its subject prefixed `[TEST]`.',
    params,
    body: { content: json(testSchema, { to: ['me@example.com'], as: 'executive' }) },
    responses: { 200: { description: 'The copies queued', content: json(testAnswerSchema) } },
    errors: [400, 404, 413, 415],
  }),
  preview: doc({
    operationId: 'previewEdition',
    summary: 'Preview the email a persona gets',
    description: 'The exact email a subscriber of that persona and language gets, for a sample reader: the HTML, its plain-text part, or both with the headers as JSON.',
    params,
    query: previewSchema,
    responses: {
      200: {
        description: 'The email, in the format asked for',
        content: { 'text/html': { type: 'string' }, 'text/plain': { type: 'string' }, 'application/json': previewJsonSchema },
      },
    },
    errors: [400, 404],
  }),
};

const TERMINAL = new Set(['sent', 'cancelled', 'failed', 'paused', 'draft']);

/** A stand-in reader for previews and test copies: links are signed for nobody and lead nowhere. */
const SAMPLE = { subscriberId: 'sample', tokenVersion: 0, name: 'Alex Reader', email: 'reader@example.com' };

export function deliveryRoutes(deps: AppDeps) {
  const { db, config } = deps;

  /** The variant a reader of `as`/`lang` gets, rendered once; `mailTo` personalises it for one address. */
  const variantFor = async (idParam: string, as: string | undefined, lang: string | undefined) => {
    const edition = await requireEdition(db, idParam);
    const source = await loadVariantSource(db, edition, config);
    const persona = as ?? source.personas[0]?.slug;
    if (!persona || !source.personas.some((p) => p.slug === persona)) throw invalid('as', `unknown persona "${as}"`);
    const language = lang ?? edition.language;
    const variant = await compileFor(config, source, persona, language);
    const mailTo = (to: { email: string; name: string | null }) =>
      messageFor(config, source.edition, variant, recipientFor(config, source.edition, source.personas, { ...SAMPLE, ...to, persona, language }), persona);
    return { persona, language, mailTo };
  };

  return new Hono()
    .post('/:id/send', docs.send, limitBody(1 * KB, 'a send request'), async (c) => {
      const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : await readJson(c, sendSchema);
      const { at } = parseWith(sendSchema, body);
      const { answer, work } = await startSend(deps, c.req.param('id'), at ? new Date(at) : undefined);
      inBackground(c, work, (err) => deps.log.error('could not start the send', err));
      return c.json(answer, 202);
    })
    .post('/:id/cancel', docs.cancel, limitBody(1 * KB, 'a cancel request (it takes no body)'), async (c) => c.json(await cancelSend(deps, c.req.param('id'))))
    .get('/:id/progress', docs.progress, async (c) => {
      const edition = await requireEdition(db, c.req.param('id'));
      if (!(c.req.header('accept') ?? '').includes('text/event-stream')) return c.json(await progress(db, edition.id));
      return streamSSE(c, async (stream) => {
        let last = '';
        for (let i = 0; i < 3600 && !stream.aborted; i++) {
          const p = await progress(db, edition.id);
          const data = JSON.stringify(p);
          if (data !== last) await stream.writeSSE({ event: 'progress', data, id: String(i) });
          last = data;
          if (TERMINAL.has(p.status) || (p.status === 'scheduled' && i > 0)) break;
          await stream.sleep(1000);
        }
      });
    })
    .post('/:id/test', docs.test, limitBody(8 * KB, 'a test send'), async (c) => {
      const input = await readJson(c, testSchema);
      const { mailTo } = await variantFor(c.req.param('id'), input.as, input.lang);
      const copies = input.to.map((to) => {
        const email = mailTo({ email: to, name: null });
        return { category: 'test' as const, subscriberId: null, emailHash: emailHash(to), message: storedEmail({ ...email, subject: `[TEST] ${email.subject}` }) };
      });
      // `sent`: accepted into the queue; `ids`: the queued messages (the provider's ids come later).
      const ids = await queueRendered(db, copies, deps.clock.now());
      inBackground(c, deps.drainer.kick(), (err) => deps.log.error('could not wake the transactional queue', err));
      const answer: z.output<typeof testAnswerSchema> = { sent: ids.length, ids: ids.map((id) => `tx_${id}`), rejected: [] };
      return c.json(answer);
    })
    .get('/:id/preview', docs.preview, async (c) => {
      const q = parseWith(previewSchema, c.req.query());
      const { mailTo, persona, language } = await variantFor(c.req.param('id'), q.as, q.lang);
      const email = mailTo({ email: SAMPLE.email, name: SAMPLE.name });
      if (q.format === 'text') return c.text(email.text);
      if (q.format === 'json') {
        const { from, to, replyTo, subject, headers, tags, html, text } = email;
        const answer: z.output<typeof previewJsonSchema> = { persona, language, from, to, replyTo, subject, headers, tags, html, text };
        return c.json(answer);
      }
      // The preview is our own rendered email; it gets a CSP that lets its inline styles and remote images show.
      c.header('Content-Security-Policy', "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'");
      return c.html(email.html);
    });
}
