/**
 * What the fake Claude answers: a pluggable responder, a default one that always returns a valid
 * answer (a short text, a forced tool's input, or JSON matching `output_config.format.schema`),
 * and the assembly of the response `content` with `stop_reason` (tool_use, stop_sequence,
 * max_tokens or end_turn).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { b62id } from './http-util.js';
import { tokensOf } from './anthropic-cache.js';

/** The request body as the SDK sent it. */
export type MessageRequest = Anthropic.MessageCreateParamsNonStreaming;

/**
 * A responder's answer: plain text, `{ text }`, `{ json }` (becomes a text block holding the JSON,
 * for `output_config.format`), or `{ toolInput, toolName? }` (becomes a `tool_use` block).
 */
export type ResponderResult = string | { text: string } | { json: unknown } | { toolInput: unknown; toolName?: string };
export interface ResponderContext {
  /** Set when the request is part of a Message Batch. */
  batch?: { id: string; customId: string };
}
export type Responder = (req: MessageRequest, ctx: ResponderContext) => ResponderResult | Promise<ResponderResult>;

type Schema = Record<string, unknown>;
/** Some server toolsets carry no `name`; custom tools always do. */
const nameOf = (t: Anthropic.ToolUnion): string | undefined => (t as { name?: string }).name;
const findTool = (req: MessageRequest, name: string) => req.tools?.find((t) => nameOf(t) === name) as Anthropic.Tool | undefined;

/** A small value that satisfies a JSON schema (objects, arrays, enums, const, $ref, anyOf, formats). */
export function sampleFromSchema(schema: Schema, root: Schema = schema, depth = 0): unknown {
  if (depth > 12) return null;
  if (typeof schema.$ref === 'string') {
    const path = schema.$ref.replace(/^#\//, '').split('/');
    const target = path.reduce<unknown>((node, part) => (node as Schema | undefined)?.[part], root);
    return sampleFromSchema((target as Schema) ?? {}, root, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[k] as Schema[] | undefined;
    if (list?.length) return sampleFromSchema(list.find((s) => s.type !== 'null') ?? list[0], root, depth + 1);
  }
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(props)) out[k] = sampleFromSchema(s, root, depth + 1);
      return out;
    }
    case 'array': {
      const n = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: n }, () => sampleFromSchema((schema.items as Schema) ?? {}, root, depth + 1));
    }
    case 'string': {
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      if (schema.format === 'date') return '2026-01-01';
      if (schema.format === 'email') return 'reader@example.com';
      if (schema.format === 'uri') return 'https://example.com/';
      const min = Number(schema.minLength ?? 0);
      return 'example'.padEnd(min, 'x');
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

const lastUserText = (req: MessageRequest): string => {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const m = req.messages[i];
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    const text = m.content.find((b): b is Anthropic.TextBlockParam => b.type === 'text');
    if (text) return text.text;
  }
  return '';
};

/** Answers every request validly: forced tool → sample input, json_schema → sample JSON, else a short text. */
export const defaultResponder: Responder = (req) => {
  const forced = forcedToolName(req);
  if (forced) {
    return { toolInput: sampleFromSchema((findTool(req, forced)?.input_schema ?? {}) as Schema) };
  }
  const format = req.output_config?.format;
  if (format) return { json: sampleFromSchema(format.schema as Schema) };
  const gist = lastUserText(req).replace(/\s+/g, ' ').trim().slice(0, 80);
  return `TL;DR: ${gist || 'a short answer from the fake Claude.'}`;
};

/** The tool the request forces (`tool_choice` `tool`, or `any` → the first tool), if any. */
export function forcedToolName(req: MessageRequest): string | undefined {
  const tc = req.tool_choice;
  if (tc?.type === 'tool') return tc.name;
  if (tc?.type === 'any') return req.tools?.map(nameOf).find(Boolean);
  return undefined;
}

export interface BuiltContent {
  content: Anthropic.ContentBlock[];
  stop_reason: Anthropic.StopReason;
  stop_sequence: string | null;
  output_tokens: number;
}

/** Turns a responder result into response content, applying tool forcing, stop sequences and max_tokens. */
export function buildContent(req: MessageRequest, result: ResponderResult): BuiltContent {
  const r = typeof result === 'string' ? { text: result } : result;
  const forced = forcedToolName(req);
  if ('toolInput' in r || forced) {
    const name = ('toolName' in r && r.toolName) || forced || req.tools?.map(nameOf).find(Boolean) || 'tool';
    const input = 'toolInput' in r ? r.toolInput : 'json' in r ? r.json : sampleFromSchema((findTool(req, name)?.input_schema ?? {}) as Schema);
    const block = { type: 'tool_use', id: b62id('toolu_'), name, input, caller: { type: 'direct' } } as Anthropic.ToolUseBlock;
    return { content: [block], stop_reason: 'tool_use', stop_sequence: null, output_tokens: Math.max(1, tokensOf(JSON.stringify(input))) };
  }
  let text = 'json' in r ? JSON.stringify(r.json) : r.text;
  let stop_reason: Anthropic.StopReason = 'end_turn';
  let stop_sequence: string | null = null;
  for (const seq of req.stop_sequences ?? []) {
    const at = text.indexOf(seq);
    if (at >= 0 && (stop_sequence === null || at < text.indexOf(stop_sequence))) {
      stop_sequence = seq;
      stop_reason = 'stop_sequence';
    }
  }
  if (stop_sequence !== null) text = text.slice(0, text.indexOf(stop_sequence));
  if (tokensOf(text) > req.max_tokens) {
    text = text.slice(0, req.max_tokens * 4);
    stop_reason = 'max_tokens';
    stop_sequence = null;
  }
  const block = { type: 'text', text, citations: null } as Anthropic.TextBlock;
  return { content: [block], stop_reason, stop_sequence, output_tokens: Math.max(1, tokensOf(text)) };
}
