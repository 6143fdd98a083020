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
import { apiDoc, json } from '../openapi/describe.js';
import { EXPORT_COLUMNS, exportCsv } from './csv-export.js';
import { importCsv } from './csv-import.js';
import { emailField } from './email.js';
import { languageField, nameField, personaField } from './fields.js';
import { importReportSchema } from './import-report.js';
import {
  assertCursor, createSubscriber, eraseSubscriber, listSubscribers, requireSubscriber, subscriberViewSchema, toSubscriberView,
  updateSubscriber,
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
const pageSchema = z
  .object({
    data: z.array(subscriberViewSchema),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last one'),
  })
  .meta({ id: 'SubscriberPage' });

/** A subscriber is an address, a name and three short words: a few hundred bytes of JSON. */
const SUBSCRIBER_BYTES = 4 * KB;
/** Imports may be large (a million rows is about 60 MB); the import streams, so this bounds time, not memory. */
export const MAX_IMPORT_BYTES = 64 * MB;
/** What a CSV file is sent as by curl, browsers and export tools (some know no better than octet-stream). */
const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'application/octet-stream']);
/** The multipart field a browser's form uploads the CSV in. */
const FILE_FIELD = 'file';

/** The contract, as the OpenAPI document shows it (src/openapi/). */
const doc = apiDoc('Subscribers');
const params = { id: "The subscriber's id (`sub_…`)" };
const subscriber = (description: string) => ({ description, content: json(subscriberViewSchema) });
const csvFile = {
  type: 'string',
  description:
    'CSV with a header row. Recognised columns: a plain `email,name,persona,language,status` file, and the exports of Mailchimp ' +
    '(`Email Address`, `First Name`, `Last Name`…), Substack (`email`, `email_disabled`…) and listmonk (`email`, `name`, `status`…); others are ignored.',
};
const docs = {
  list: doc({
    operationId: 'listSubscribers',
    summary: 'List subscribers',
    description: 'Filtered, in id order, a page at a time: pass `nextCursor` back as `cursor`.',
    query: listSchema,
    responses: { 200: { description: 'A page of subscribers', content: json(pageSchema) } },
    errors: [400],
  }),
  create: doc({
    operationId: 'createSubscriber',
    summary: 'Add a subscriber',
    description: 'Without `status` the subscriber is `pending` until they confirm; the persona defaults to the default persona.',
    body: { content: json(createSchema, { email: 'ada@example.com', name: 'Ada', persona: 'engineer', language: 'es' }) },
    responses: { 201: subscriber('The new subscriber') },
    errors: [400, 409, 413, 415],
  }),
  import: doc({
    operationId: 'importSubscribers',
    summary: 'Import subscribers from CSV',
    description:
      `Streamed as it arrives, as a CSV body or as the \`${FILE_FIELD}\` field of a multipart form. Existing addresses stay as they are and suppressed ones are never re-added, so importing a file twice changes nothing.`,
    body: {
      content: {
        ...Object.fromEntries([...CSV_TYPES].map((type) => [type, { schema: csvFile, example: 'email,name,persona,language\nada@example.com,Ada,engineer,es\n' }])),
        'multipart/form-data': {
          type: 'object',
          properties: { [FILE_FIELD]: { ...csvFile, contentMediaType: 'text/csv' } },
          required: [FILE_FIELD],
        },
      },
    },
    responses: { 200: { description: 'What was imported, and why the other rows were not', content: json(importReportSchema) } },
    errors: [400, 413, 415],
  }),
  export: doc({
    operationId: 'exportSubscribers',
    summary: 'Export every subscriber as CSV',
    description: `Columns \`${EXPORT_COLUMNS.join(',')}\`; the import reads it back as it was.`,
    responses: { 200: { description: 'The CSV, streamed as an attachment', content: { 'text/csv': { type: 'string' } } } },
  }),
  get: doc({ operationId: 'getSubscriber', summary: 'Get a subscriber', params, responses: { 200: subscriber('The subscriber') }, errors: [404] }),
  update: doc({
    operationId: 'updateSubscriber',
    summary: 'Change a subscriber',
    params,
    body: { content: json(patchSchema, { persona: 'investor' }) },
    responses: { 200: subscriber('The subscriber as they are now') },
    errors: [400, 404, 409, 413, 415],
  }),
  erase: doc({
    operationId: 'eraseSubscriber',
    summary: 'Erase a subscriber',
    description: 'Removes their personal data; past deliveries stay counted but belong to nobody, and a suppression of the address survives.',
    params,
    responses: { 204: { description: 'Erased' } },
    errors: [404],
  }),
};

export function subscriberRoutes({ db, clock }: AppDeps) {
  return new Hono()
    .get('/', docs.list, async (c) => {
      const q = parseWith(listSchema, c.req.query());
      assertCursor(q.cursor);
      const page = await listSubscribers(db, q);
      const answer: z.output<typeof pageSchema> = { data: page.data.map(toSubscriberView), nextCursor: page.nextCursor };
      return c.json(answer);
    })
    .post('/', docs.create, limitBody(SUBSCRIBER_BYTES, 'a subscriber'), async (c) => {
      const input = await readJson(c, createSchema);
      return c.json(toSubscriberView(await createSubscriber(db, input, clock.now())), 201);
    })
    .post('/import', docs.import, limitStreamedBody(MAX_IMPORT_BYTES, 'an import'), async (c) => {
      const type = mediaType(c);
      if (type === 'multipart/form-data') {
        // A browser's upload: the "file" part is read as it arrives, never held whole.
        const upload = await multipartFile(c, FILE_FIELD);
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
    .get('/export', docs.export, (c) => {
      const stamp = clock.now().toISOString().slice(0, 10);
      return c.body(exportCsv(db), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="subscribers-${stamp}.csv"`,
      });
    })
    .get('/:id', docs.get, async (c) => c.json(toSubscriberView(await requireSubscriber(db, c.req.param('id')))))
    .patch('/:id', docs.update, limitBody(SUBSCRIBER_BYTES, 'a subscriber'), async (c) => {
      const patch = await readJson(c, patchSchema);
      return c.json(toSubscriberView(await updateSubscriber(db, c.req.param('id'), patch, clock.now())));
    })
    .delete('/:id', docs.erase, async (c) => {
      await eraseSubscriber(db, c.req.param('id'));
      return c.body(null, 204);
    });
}
