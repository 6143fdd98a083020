/**
 * The admin API as an OpenAPI 3.1 document, built from the app's own route table: every route
 * whose chain carries a `doc(…)` (describe.ts) becomes an operation at the path Hono serves it
 * on. Schemas are converted by zod itself (`z.toJSONSchema`, JSON Schema 2020-12: OpenAPI 3.1's
 * dialect) — requests as the handler's schema accepts them (`io: 'input'`), answers as the code
 * produces them (`io: 'output'`). A schema with a zod `id` becomes a named component.
 */
import { findTargetHandler } from 'hono/utils/handler';
import { z } from 'zod';
import { errorBodySchema } from '../http/errors.js';
import { ERROR_RESPONSES, routeDocOf, type ErrorStatus, type JsonSchema, type Media, type Schema, type TaggedRouteDoc } from './describe.js';

/** A route as Hono lists it (`app.routes`). */
export interface RouteEntry {
  method: string;
  path: string;
  handler: unknown;
}

/** The document's `info`: what the reference page shows at the top. */
export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

type Content = Record<string, { schema: JsonSchema; example?: unknown }>;

/** `:id` (with an optional `{regex}`) → `{id}`: Hono's path syntax as OpenAPI writes it. */
export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

const isZod = (schema: Schema): schema is z.ZodType => '_zod' in schema;
const isMedia = (value: Schema | Media): value is Media => !('_zod' in value) && 'schema' in value;

/**
 * Leaves out the bounds that only say "a JavaScript safe integer" (drizzle-zod gives every
 * integer column them): they tell a reader nothing, and Swagger UI would show them as examples.
 */
const withoutSafeIntegerBounds: NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override'] = ({ jsonSchema }) => {
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
};

/** Rewrites zod's `#/$defs/X` references to the document's `#/components/schemas/X`. */
function withComponentRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as T;
}

/** Converts schemas, collecting the named ones; the same name must always mean the same schema. */
class Schemas {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: Schema, io: 'input' | 'output'): JsonSchema {
    if (!isZod(schema)) return schema;
    const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: withoutSafeIntegerBounds }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    for (const [name, def] of Object.entries($defs ?? {})) {
      const converted = withComponentRefs(def);
      const known = this.components[name];
      if (known && JSON.stringify(known) !== JSON.stringify(converted)) {
        throw new Error(`OpenAPI: schema "${name}" is given two different shapes (${io}); name them apart`);
      }
      this.components[name] = converted;
    }
    return withComponentRefs(rest);
  }

  content(content: Record<string, Schema | Media>, io: 'input' | 'output'): Content {
    return Object.fromEntries(
      Object.entries(content).map(([type, media]) => {
        const { schema, example }: Media = isMedia(media) ? media : { schema: media };
        return [type, { schema: this.convert(schema, io), ...(example === undefined ? {} : { example }) }];
      }),
    );
  }
}

function parameters(doc: TaggedRouteDoc, path: string, schemas: Schemas) {
  const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: doc.params?.[name] ?? name,
    schema: { type: 'string' },
  }));
  if (!doc.query) return inPath;
  const query = schemas.convert(doc.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  const inQuery = Object.entries(query.properties ?? {}).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: query.required?.includes(name) ?? false,
    ...(description ? { description } : {}),
    schema,
  }));
  return [...inPath, ...inQuery];
}

function operation(doc: TaggedRouteDoc, path: string, schemas: Schemas) {
  const params = parameters(doc, path, schemas);
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(doc.responses)) {
    responses[status] = { description: r.description, ...(r.content ? { content: schemas.content(r.content, 'output') } : {}) };
  }
  for (const status of [401, ...(doc.errors ?? [])].sort()) {
    responses[status] = { $ref: `#/components/responses/${status === 401 ? 'Unauthorized' : ERROR_RESPONSES[status as ErrorStatus].name}` };
  }
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    ...(params.length ? { parameters: params } : {}),
    ...(doc.body
      ? { requestBody: { required: !doc.body.optional, ...(doc.body.description ? { description: doc.body.description } : {}), content: schemas.content(doc.body.content, 'input') } }
      : {}),
    responses,
  };
}

/** The shared error answers, each with the one error shape. */
function errorResponses(errorSchema: JsonSchema) {
  const content = (example: unknown) => ({ 'application/json': { schema: errorSchema, example } });
  const responses: Record<string, unknown> = {
    Unauthorized: {
      description: 'No bearer token, or not the admin token.',
      headers: { 'WWW-Authenticate': { description: 'Bearer realm="admin"', schema: { type: 'string' } } },
      content: content({ error: { code: 'unauthorized', message: 'missing bearer token' } }),
    },
  };
  for (const { name, description, example } of Object.values(ERROR_RESPONSES)) responses[name] = { description, content: content(example) };
  return responses;
}

/**
 * The document for `routes` (the app's route table, filtered to the admin API by the caller).
 * Throws when two routes claim the same operation or one name means two schemas: both are
 * mistakes in the route files, and tests/openapi builds the document.
 */
export function buildDocument(routes: readonly RouteEntry[], info: DocumentInfo) {
  const schemas = new Schemas();
  const errorSchema = schemas.convert(errorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  const ids = new Set<string>();
  const tags: string[] = [];
  for (const route of routes) {
    const doc = routeDocOf(findTargetHandler(route.handler as never));
    if (!doc) continue;
    const path = openApiPath(route.path);
    const method = route.method.toLowerCase();
    if (paths[path]?.[method]) throw new Error(`OpenAPI: ${route.method} ${path} is described twice`);
    if (ids.has(doc.operationId)) throw new Error(`OpenAPI: operationId ${doc.operationId} is used twice`);
    ids.add(doc.operationId);
    if (!tags.includes(doc.tag)) tags.push(doc.tag);
    (paths[path] ??= {})[method] = operation(doc, path, schemas);
  }
  return {
    openapi: '3.1.1',
    info,
    tags: tags.map((name) => ({ name })),
    security: [{ adminToken: [] }],
    paths,
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token: `ADMIN_TOKEN`, or the one `npm start` generated and printed.' },
      },
      responses: errorResponses(errorSchema),
      schemas: schemas.components,
    },
  };
}

/** The document as built (and served as JSON). */
export type OpenApiDocument = ReturnType<typeof buildDocument>;
