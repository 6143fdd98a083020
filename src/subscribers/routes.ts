/** Admin routes for subscribers: /api/admin/subscribers */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { SUBSCRIBER_STATUSES } from '../db/schema.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../http/errors.js';
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

/** Imports may be large: 100,000 rows is a few megabytes. */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
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
    .post('/', async (c) => {
      const input = await readJson(c, createSchema);
      return c.json(toSubscriberView(await createSubscriber(db, input, clock.now())), 201);
    })
    .post(
      '/import',
      bodyLimit({
        maxSize: MAX_IMPORT_BYTES,
        onError: () => {
          throw new AppError('payload_too_large', `file: imports are limited to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
        },
      }),
      async (c) => {
        const type = mediaType(c);
        let body: ReadableStream<Uint8Array> | null = c.req.raw.body;
        if (type === 'multipart/form-data') {
          const form = await c.req.parseBody();
          const file = form.file;
          if (!(file instanceof File)) throw new AppError('validation_error', 'file: expected a "file" field with the CSV', { field: 'file' });
          body = file.stream();
        } else if (!CSV_TYPES.has(type)) {
          throw new AppError('unsupported_media_type', 'expected Content-Type: text/csv (or a multipart form with a "file" field)');
        }
        if (!body) throw new AppError('validation_error', 'file: the CSV is empty', { field: 'file' });
        return c.json(await importCsv(db, body, clock.now()));
      },
    )
    .get('/export', (c) => {
      const stamp = clock.now().toISOString().slice(0, 10);
      return c.body(exportCsv(db), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="subscribers-${stamp}.csv"`,
      });
    })
    .get('/:id', async (c) => c.json(toSubscriberView(await requireSubscriber(db, c.req.param('id')))))
    .patch('/:id', async (c) => {
      const patch = await readJson(c, patchSchema);
      return c.json(toSubscriberView(await updateSubscriber(db, c.req.param('id'), patch, clock.now())));
    })
    .delete('/:id', async (c) => {
      await eraseSubscriber(db, c.req.param('id'));
      return c.body(null, 204);
    });
}
