/** Admin routes for subscribers: /api/admin/subscribers */
import { Hono } from 'hono';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { SUBSCRIBER_STATUSES } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { KB, MB, limitBody, limitStreamedBody } from '../http/body-limit.js';
import { AppError } from '../http/errors.js';
import { multipartFile } from '../http/form.js';
import { mediaType } from '../http/media-type.js';
import { parseWith, readJson } from '../http/validate.js';
import { exportCsv } from './csv-export.js';
import { importCsv } from './csv-import.js';
import { emailField } from './email.js';
import { languageField, nameField, personaField } from './fields.js';
import {
  assertCursor, createSubscriber, eraseSubscriber, listSubscribers, requireSubscriber, toSubscriberView, updateSubscriber,
} from './store.js';

const status = z.enum(SUBSCRIBER_STATUSES);
const createSchema = z
  .object({
    email: emailField,
    name: nameField.optional(),
    persona: personaField.optional(),
    language: languageField.optional(),
    status: z.enum(['active', 'pending']).optional(),
  })
  .strict();
const patchSchema = z
  .object({ email: emailField, name: nameField, persona: personaField, language: languageField, status })
  .partial()
  .strict();
const listSchema = z
  .object({
    status: status.optional(),
    persona: personaField.optional(),
    language: languageField.optional(),
    email: emailField.optional(),
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** A subscriber is an address, a name and three short words: a few hundred bytes of JSON. */
const SUBSCRIBER_BYTES = 4 * KB;
/** Imports may be large (a million rows is about 60 MB); the import streams, so this bounds time, not memory. */
export const MAX_IMPORT_BYTES = 64 * MB;
/** What a CSV file is sent as by curl, browsers and export tools (some know no better than octet-stream). */
const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'application/octet-stream']);

export function subscriberRoutes({ db, clock }: AppDeps) {
  return new Hono()
    .get('/', async (c) => {
      const q = parseWith(listSchema, c.req.query());
      assertCursor(q.cursor);
      const page = await listSubscribers(db, q);
      return c.json({ data: page.data.map(toSubscriberView), nextCursor: page.nextCursor });
    })
    .post('/', limitBody(SUBSCRIBER_BYTES, 'a subscriber'), async (c) => {
      const input = await readJson(c, createSchema);
      return c.json(toSubscriberView(await createSubscriber(db, input, clock.now())), 201);
    })
    .post('/import', limitStreamedBody(MAX_IMPORT_BYTES, 'an import'), async (c) => {
      const type = mediaType(c);
      if (type === 'multipart/form-data') {
        // A browser's upload: the "file" part is read as it arrives, never held whole.
        const upload = await multipartFile(c, 'file');
        if (!upload) throw new AppError('validation_error', 'file: expected a "file" field with the CSV', { field: 'file' });
        try {
          return c.json(await importCsv(db, upload.file, clock.now()));
        } finally {
          upload.release();
        }
      }
      if (!CSV_TYPES.has(type)) {
        throw new AppError('unsupported_media_type', 'expected Content-Type: text/csv (or a multipart form with a "file" field)');
      }
      const body = c.req.raw.body;
      if (!body) throw new AppError('validation_error', 'file: the CSV is empty', { field: 'file' });
      return c.json(await importCsv(db, Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), clock.now()));
    })
    .get('/export', (c) => {
      const stamp = clock.now().toISOString().slice(0, 10);
      return c.body(exportCsv(db), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="subscribers-${stamp}.csv"`,
      });
    })
    .get('/:id', async (c) => c.json(toSubscriberView(await requireSubscriber(db, c.req.param('id')))))
    .patch('/:id', limitBody(SUBSCRIBER_BYTES, 'a subscriber'), async (c) => {
      const patch = await readJson(c, patchSchema);
      return c.json(toSubscriberView(await updateSubscriber(db, c.req.param('id'), patch, clock.now())));
    })
    .delete('/:id', async (c) => {
      await eraseSubscriber(db, c.req.param('id'));
      return c.body(null, 204);
    });
}
