/**
 * What the admin API's reference says about a route, declared on the route itself. A route
 * file's chain reads `.post('/', doc({ … }), limit, handler)`: `doc` is a middleware that does
 * nothing at request time and carries the operation's description — the very zod schemas the
 * handler validates with, and the schemas of its answers — for the document builder
 * (document.ts), which finds it among the app's routes. The paths and methods come from Hono's
 * route table, so they cannot drift from what the app serves.
 */
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';

/** A JSON Schema written out, for what no zod schema parses here (Markdown, CSV, a page, a stream). */
export type JsonSchema = { [keyword: string]: unknown };

/** A body or an answer of one media type: a zod schema (the one the code uses), or a JSON Schema. */
export type Schema = z.ZodType | JsonSchema;

/** A media type's schema with an example, for Swagger UI's "Try it out" and for readers. */
export interface Media {
  schema: Schema;
  example?: unknown;
}

/**
 * The error answers a route can give besides 401 (which every admin route gives), described once:
 * the component's name, what it means, and an example of the one error shape.
 */
export const ERROR_RESPONSES = {
  400: {
    name: 'BadRequest',
    description: 'Refused input: malformed JSON or an invalid field (named in `field`); nothing is stored.',
    example: { error: { code: 'validation_error', message: 'title: is required', field: 'title' } },
  },
  404: { name: 'NotFound', description: 'No such resource.', example: { error: { code: 'not_found', message: 'edition not found' } } },
  409: {
    name: 'Conflict',
    description: 'It exists already, or its state does not allow this (an edition that is sending or sent cannot change).',
    example: { error: { code: 'conflict', message: 'edition is sent; it can no longer be edited' } },
  },
  413: {
    name: 'PayloadTooLarge',
    description: "The body is over the route's limit, named in the message; it was read no further.",
    example: { error: { code: 'payload_too_large', message: 'body: a persona is limited to 16 KB', field: 'body' } },
  },
  415: {
    name: 'UnsupportedMediaType',
    description: "The body's Content-Type is not one the route takes.",
    example: { error: { code: 'unsupported_media_type', message: 'expected Content-Type: application/json' } },
  },
  503: {
    name: 'Unavailable',
    description: 'The mail provider refused the call.',
    example: { error: { code: 'unavailable', message: 'the mail provider refused the test: …' } },
  },
} as const;
/** An error status a route declares in its `errors`. */
export type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** One answer of an operation. */
export interface ResponseDoc {
  description: string;
  /** By media type; absent for an answer without a body (204). */
  content?: Record<string, Schema | Media>;
}

/** One operation of the admin API. */
export interface RouteDoc {
  /** Unique, camelCase: what client generators name the call. */
  operationId: string;
  summary: string;
  description?: string;
  /** What each path parameter (`:name`) is; a parameter left out is described by its name. */
  params?: Record<string, string>;
  /** The query string's schema, the one the handler parses it with. */
  query?: z.ZodObject;
  /** The request body by media type; `optional` when the route also takes none. */
  body?: { description?: string; optional?: boolean; content: Record<string, Schema | Media> };
  responses: Record<number, ResponseDoc>;
  errors?: ErrorStatus[];
}

/** A described route's doc, as the builder finds it on the route's middleware. */
export interface TaggedRouteDoc extends RouteDoc {
  tag: string;
}

const DOC = Symbol('openapi route doc');

/**
 * The describer for one route file's operations, grouped under `tag` in the reference:
 * `const doc = apiDoc('Personas')`, then `doc({ … })` first in each route's chain.
 */
export function apiDoc(tag: string): (doc: RouteDoc) => MiddlewareHandler {
  return (doc) => Object.assign<MiddlewareHandler, { [DOC]: TaggedRouteDoc }>((_c, next) => next(), { [DOC]: { ...doc, tag } });
}

/** The doc a handler carries, if it is a route's `doc(…)` middleware. */
export function routeDocOf(handler: unknown): TaggedRouteDoc | undefined {
  return typeof handler === 'function' ? (handler as { [DOC]?: TaggedRouteDoc })[DOC] : undefined;
}

/** `{ 'application/json': … }`: the usual content of a body or an answer. */
export const json = (schema: Schema, example?: unknown): Record<string, Schema | Media> => ({
  'application/json': example === undefined ? schema : { schema, example },
});
