/**
 * The JSON Schema subset Claude's structured outputs accept (`output_config.format.schema`, and a
 * strict tool's `input_schema`), per https://platform.claude.com/docs/en/build-with-claude/structured-outputs:
 * basic types, `enum` of primitives, `const`, `anyOf`/`allOf`, local `$ref`/`$defs`, string
 * `format`s, `required`, and `additionalProperties: false`, which every object must state. Not
 * supported: recursive schemas, numeric constraints (`minimum`, `maximum`, `multipleOf`…), string
 * lengths, array constraints beyond `minItems` 0 or 1, external references. The API refuses such
 * a schema with a 400 before generating anything; so does this fake.
 */

type Schema = Record<string, unknown>;
const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const UNSUPPORTED = [
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength',
  'maxItems', 'uniqueItems', 'contains', 'minProperties', 'maxProperties', 'patternProperties', 'propertyNames',
  'dependentRequired', 'dependentSchemas', 'if', 'then', 'else', 'not', 'oneOf',
];
const FORMATS = ['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid'];
const TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

/** The first reason `schema` is not one structured outputs accept, or null. `path` names it in the message. */
export function structuredSchemaProblem(schema: unknown, path: string): string | null {
  if (!isObj(schema)) return `${path}: Input should be a valid dictionary`;
  const defs = { ...(isObj(schema.$defs) ? schema.$defs : {}), ...(isObj(schema.definitions) ? schema.definitions : {}) };
  const visit = (node: unknown, at: string, refs: string[]): string | null => {
    if (!isObj(node)) return `${at}: Input should be a valid dictionary`;
    for (const k of UNSUPPORTED) if (k in node) return `${at}: '${k}' is not supported in structured outputs`;
    if (typeof node.$ref === 'string') {
      const m = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(node.$ref);
      if (!m) return `${at}.$ref: only local references to #/$defs are supported ('${node.$ref}')`;
      if (refs.includes(m[2])) return `${at}.$ref: recursive schemas are not supported ('${node.$ref}')`;
      return visit(defs[m[2]], `${at}.$ref`, [...refs, m[2]]);
    }
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
    for (const t of types) if (!TYPES.includes(t as string)) return `${at}.type: '${String(t)}' is not a JSON Schema type`;
    if (node.format !== undefined && !FORMATS.includes(node.format as string)) return `${at}.format: '${String(node.format)}' is not supported`;
    if (Array.isArray(node.enum) && node.enum.some((v) => typeof v === 'object' && v !== null)) return `${at}.enum: only primitive values are supported`;
    if (node.minItems !== undefined && node.minItems !== 0 && node.minItems !== 1) return `${at}.minItems: only 0 or 1 is supported`;
    if (types.includes('object') || isObj(node.properties)) {
      if (node.additionalProperties !== false) return `${at}: For 'object' type, 'additionalProperties' must be explicitly set to false`;
      const props = isObj(node.properties) ? node.properties : {};
      for (const r of Array.isArray(node.required) ? node.required : []) {
        if (!(String(r) in props)) return `${at}.required: '${String(r)}' is not among the properties`;
      }
      for (const [k, v] of Object.entries(props)) {
        const e = visit(v, `${at}.properties.${k}`, refs);
        if (e) return e;
      }
    }
    if (node.items !== undefined) {
      const e = visit(node.items, `${at}.items`, refs);
      if (e) return e;
    }
    for (const k of ['anyOf', 'allOf'] as const) {
      const list = node[k];
      if (list === undefined) continue;
      if (!Array.isArray(list)) return `${at}.${k}: Input should be a valid list`;
      for (const [i, sub] of list.entries()) {
        const e = visit(sub, `${at}.${k}.${i}`, refs);
        if (e) return e;
      }
    }
    return null;
  };
  return visit(schema, path, []);
}
