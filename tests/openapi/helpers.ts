/**
 * Reading the served OpenAPI document the way a client would: find the operation a request goes
 * to, and validate a request body or a real answer against the schema the document gives it
 * (ajv on JSON Schema 2020-12, OpenAPI 3.1's dialect, with its formats).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';

// ajv-formats is CommonJS; under ESM its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
    securitySchemes: Record<string, { type: string; scheme?: string }>;
  };
  security?: Record<string, string[]>[];
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Record<string, unknown>;
}

export interface Operation {
  operationId: string;
  summary: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { $ref?: string; description?: string; content?: Record<string, { schema: unknown }> }>;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** `:id` → `{id}`: Hono's path syntax as OpenAPI writes it. */
export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

/** JSON Pointer escaping, then URI escaping for a `$ref` fragment (`{id}` has braces). */
const pointer = (...parts: string[]) => parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

const DOC_ID = 'https://primera-plana.test/openapi.json';

/** A validator for one served document: every schema is checked in place, so its `$ref`s resolve. */
export function documentValidator(doc: OpenApiDoc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const query = new Ajv2020({ strict: false, coerceTypes: true, validateSchema: false });
  addFormats(query);
  query.addSchema({ ...doc, $id: DOC_ID });

  const at = (ref: string) => {
    const validate = ajv.getSchema(`${DOC_ID}#/${ref}`) ?? ajv.compile({ $ref: `${DOC_ID}#/${ref}` });
    return validate;
  };

  /** The document's path template and operation for a request, the literal path preferred. */
  function operation(method: string, url: string): { template: string; op: Operation } {
    const path = new URL(url, 'http://x').pathname;
    const candidates = Object.keys(doc.paths)
      .filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))
      .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
    const template = candidates.find((t) => doc.paths[t][method.toLowerCase()]);
    if (!template) throw new Error(`${method} ${path} is not in the document (paths matching: ${candidates.join(', ') || 'none'})`);
    return { template, op: doc.paths[template][method.toLowerCase()] };
  }

  /** Validates `body` against the operation's request body for `mediaType`. */
  function requestBody(method: string, url: string, mediaType: string, body: unknown): string[] {
    const { template, op } = operation(method, url);
    if (!op.requestBody?.content[mediaType]) return [`${method} ${template} documents no ${mediaType} body (it has ${Object.keys(op.requestBody?.content ?? {}).join(', ') || 'none'})`];
    const validate = at(pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', mediaType, 'schema'));
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}`);
  }

  /** Validates the query string's parameters against the operation's parameters. */
  function queryParameters(method: string, url: string): string[] {
    const { template, op } = operation(method, url);
    const problems: string[] = [];
    for (const [name, value] of new URL(url, 'http://x').searchParams) {
      const i = (op.parameters ?? []).findIndex((p) => p.in === 'query' && p.name === name);
      if (i < 0) {
        problems.push(`${method} ${template} documents no query parameter "${name}"`);
        continue;
      }
      const ref = `${DOC_ID}#/${pointer('paths', template, method.toLowerCase(), 'parameters', String(i), 'schema')}`;
      const validate = query.compile({ type: 'object', properties: { v: { $ref: ref } } });
      if (!validate({ v: value })) problems.push(`${name}=${value}: ${validate.errors?.map((e) => e.message).join(', ')}`);
    }
    return problems;
  }

  /** The documented response for `status` (following a `$ref` to a shared one) and its pointer. */
  function documentedResponse(method: string, url: string, status: number) {
    const { template, op } = operation(method, url);
    const response = op.responses[String(status)];
    if (!response) throw new Error(`${method} ${template} does not document a ${status} answer (it has ${Object.keys(op.responses).join(', ')})`);
    if (response.$ref) {
      const name = response.$ref.split('/').pop()!;
      return { template, response: doc.components.responses[name], base: pointer('components', 'responses', name) };
    }
    return { template, response, base: pointer('paths', template, method.toLowerCase(), 'responses', String(status)) };
  }

  /** Checks a real answer: its status and media type are documented, and its body fits the schema. */
  async function expectDocumentedAnswer(method: string, url: string, res: Response): Promise<void> {
    const { template, response, base } = documentedResponse(method, url, res.status);
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!response.content) {
      expect(await res.text(), `${method} ${template} ${res.status} has no body`).toBe('');
      return;
    }
    expect(Object.keys(response.content), `${method} ${template} ${res.status}: media types`).toContain(type);
    const text = await res.text();
    const body = type === 'application/json' ? JSON.parse(text) : text;
    const validate = at(`${base}/${pointer('content', type, 'schema')}`);
    const ok = validate(body);
    expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`), `${method} ${template} ${res.status}`).toEqual([]);
  }

  /** Every `example` the document gives beside a `schema`, checked against that schema. */
  function exampleProblems(): { where: string; problems: string[] }[] {
    const found: { where: string; problems: string[] }[] = [];
    const walk = (node: unknown, path: string[]) => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if ('schema' in o && 'example' in o) {
        const validate = at(pointer(...path, 'schema'));
        const ok = validate(o.example);
        found.push({ where: path.join(' '), problems: ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) });
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'schema') walk(v, [...path, k]);
    };
    walk(doc.paths, ['paths']);
    walk(doc.components.responses, ['components', 'responses']);
    return found;
  }

  return { operation, requestBody, queryParameters, documentedResponse, expectDocumentedAnswer, exampleProblems };
}
