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
import { emailField, emailHash } from '../subscribers/email.js';
import { languageField } from '../subscribers/fields.js';
import { queueRendered } from '../transactional/lifecycle.js';
import { storedEmail } from '../transactional/store.js';
import { compileFor, messageFor, recipientFor } from './compose.js';
import { cancelSend, startSend } from './send.js';
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
    .post('/:id/send', limitBody(1 * KB, 'a send request'), async (c) => {
      const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : await readJson(c, sendSchema);
      const { at } = parseWith(sendSchema, body);
      const { answer, work } = await startSend(deps, c.req.param('id'), at ? new Date(at) : undefined);
      inBackground(c, work, (err) => deps.log.error('could not start the send', err));
      return c.json(answer, 202);
    })
    .post('/:id/cancel', limitBody(1 * KB, 'a cancel request (it takes no body)'), async (c) => c.json(await cancelSend(deps, c.req.param('id'))))
    .get('/:id/progress', async (c) => {
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
    .post('/:id/test', limitBody(8 * KB, 'a test send'), async (c) => {
      const input = await readJson(c, testSchema);
      const { mailTo } = await variantFor(c.req.param('id'), input.as, input.lang);
      const copies = input.to.map((to) => {
        const email = mailTo({ email: to, name: null });
        return { category: 'test' as const, subscriberId: null, emailHash: emailHash(to), message: storedEmail({ ...email, subject: `[TEST] ${email.subject}` }) };
      });
      // `sent`: accepted into the queue; `ids`: the queued messages (the provider's ids come later).
      const ids = await queueRendered(db, copies, deps.clock.now());
      inBackground(c, deps.drainer.kick(), (err) => deps.log.error('could not wake the transactional queue', err));
      return c.json({ sent: ids.length, ids: ids.map((id) => `tx_${id}`), rejected: [] });
    })
    .get('/:id/preview', async (c) => {
      const q = parseWith(previewSchema, c.req.query());
      const { mailTo, persona, language } = await variantFor(c.req.param('id'), q.as, q.lang);
      const email = mailTo({ email: SAMPLE.email, name: SAMPLE.name });
      if (q.format === 'text') return c.text(email.text);
      if (q.format === 'json') {
        const { from, to, replyTo, subject, headers, tags, html, text } = email;
        return c.json({ persona, language, from, to, replyTo, subject, headers, tags, html, text });
      }
      // The preview is our own rendered email; it gets a CSP that lets its inline styles and remote images show.
      c.header('Content-Security-Policy', "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'");
      return c.html(email.html);
    });
}
