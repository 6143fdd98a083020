/**
 * Request validation for the fake Anthropic Messages API. Field names follow the installed SDK's
 * `MessageCreateParams` (@anthropic-ai/sdk 1.14.0); error texts imitate the API's
 * `"<path>: <problem>"` style (https://platform.claude.com/docs/en/api/errors). Version rules:
 * under `anthropic-version: 2026-10-21` (what SDK ≥ 1.0 sends) `temperature`/`top_p`/`top_k` are
 * rejected and so are `document` blocks in assistant turns and `citations` on user text blocks
 * (https://platform.claude.com/docs/en/api/versioning); under `2023-06-01` the sampling knobs are
 * accepted and range-checked.
 */

import { structuredSchemaProblem } from './anthropic-schema.js';

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error'
  | 'timeout_error';

export interface ApiError {
  status: number;
  type: ErrorType;
  message: string;
}

export const bad = (message: string): ApiError => ({ status: 400, type: 'invalid_request_error', message });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const NEW_VERSION = '2026-10-21';
export const KNOWN_VERSIONS = ['2023-01-01', '2023-06-01', NEW_VERSION];

/** Every id in the SDK's `Model` union; the dated and undated aliases both resolve. */
export const DEFAULT_MODELS = [
  'claude-fable-5-2', 'claude-mythos-5-2', 'claude-haiku-5-5', 'claude-sonnet-5-5', 'claude-fable-5-1', 'claude-opus-5-5',
  'claude-mythos-5-1', 'claude-sonnet-5', 'claude-fable-5', 'claude-mythos-5', 'claude-opus-5', 'claude-opus-4-8',
  'claude-opus-4-7', 'claude-mythos-preview', 'claude-opus-4-6', 'claude-sonnet-4-6', 'claude-haiku-4-5',
  'claude-haiku-4-5-20251001', 'claude-opus-4-5', 'claude-opus-4-5-20251101', 'claude-sonnet-4-5',
  'claude-sonnet-4-5-20250929', 'claude-opus-4-1', 'claude-opus-4-1-20250805',
];

const TOP_LEVEL = new Set([
  'model', 'max_tokens', 'messages', 'system', 'metadata', 'stop_sequences', 'stream', 'tools', 'tool_choice',
  'thinking', 'output_config', 'cache_control', 'container', 'service_tier', 'inference_geo', 'speed', 'diagnostics',
]);
const SAMPLING = ['temperature', 'top_p', 'top_k'];
const BLOCK_TYPES = [
  'text', 'image', 'document', 'search_result', 'thinking', 'redacted_thinking', 'tool_use', 'tool_result',
  'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result',
  'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'tool_search_tool_result', 'container_upload',
];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

export interface Validated {
  /** Breakpoints counted (blocks with `cache_control`, plus the top-level automatic one). */
  breakpoints: number;
}

/** Validates a Messages request body. Returns the first problem, like the API does. */
export function validateMessageParams(body: unknown, version: string, models: Set<string>, opts: { batch?: boolean } = {}): ApiError | Validated {
  if (!isObj(body)) return bad('Input should be a valid dictionary or object');
  const newVersion = version === NEW_VERSION;
  for (const key of Object.keys(body)) {
    if (TOP_LEVEL.has(key) || (!newVersion && SAMPLING.includes(key))) continue;
    return bad(`${key}: Extra inputs are not permitted`);
  }
  if (body.model === undefined) return bad('model: Field required');
  if (typeof body.model !== 'string') return bad('model: Input should be a valid string');
  if (body.max_tokens === undefined) return bad('max_tokens: Field required');
  if (!Number.isInteger(body.max_tokens)) return bad('max_tokens: Input should be a valid integer');
  if ((body.max_tokens as number) < 1) return bad('max_tokens: Input should be greater than or equal to 1');
  if (body.stream === true) return bad(opts.batch ? 'stream: streaming is not supported in Message Batches' : 'stream: this fake does not implement streaming');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return bad('stream: Input should be a valid boolean');
  if (!newVersion) {
    for (const [k, max] of [['temperature', 1], ['top_p', 1]] as const) {
      const v = body[k];
      if (v === undefined) continue;
      if (typeof v !== 'number') return bad(`${k}: Input should be a valid number`);
      if (v < 0) return bad(`${k}: Input should be greater than or equal to 0`);
      if (v > max) return bad(`${k}: Input should be less than or equal to ${max}`);
    }
    if (body.top_k !== undefined && (!Number.isInteger(body.top_k) || (body.top_k as number) < 0)) return bad('top_k: Input should be a non-negative integer');
  }

  let breakpoints = 0;
  const cache = (v: unknown, path: string): ApiError | undefined => {
    if (v === undefined || v === null) return undefined;
    if (!isObj(v) || v.type !== 'ephemeral') return bad(`${path}.cache_control.type: Input should be 'ephemeral'`);
    if (v.ttl !== undefined && v.ttl !== '5m' && v.ttl !== '1h') return bad(`${path}.cache_control.ttl: Input should be '5m' or '1h'`);
    for (const k of Object.keys(v)) if (k !== 'type' && k !== 'ttl') return bad(`${path}.cache_control.${k}: Extra inputs are not permitted`);
    breakpoints++;
    return undefined;
  };

  // tools → system → messages: the order the prompt (and its cache prefix) is built in.
  const toolNames = new Set<string>();
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return bad('tools: Input should be a valid list');
    for (const [i, t] of body.tools.entries()) {
      if (!isObj(t)) return bad(`tools.${i}: Input should be a valid dictionary`);
      if (typeof t.name !== 'string' || !TOOL_NAME.test(t.name)) return bad(`tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
      if (toolNames.has(t.name)) return bad('tools: Tool names must be unique.');
      toolNames.add(t.name);
      const custom = t.type === undefined || t.type === null || t.type === 'custom';
      if (custom && (!isObj(t.input_schema) || t.input_schema.type !== 'object')) return bad(`tools.${i}.custom.input_schema.type: Input should be 'object'`);
      if (!custom && (typeof t.type !== 'string' || !/_\d{8}$/.test(t.type))) return bad(`tools.${i}.type: Input tag '${String(t.type)}' does not match any of the expected tags`);
      if (custom && t.strict === true) {
        const problem = structuredSchemaProblem(t.input_schema, `tools.${i}.custom.input_schema`);
        if (problem) return bad(problem);
      }
      const e = cache(t.cache_control, `tools.${i}`);
      if (e) return e;
    }
  }
  if (body.tool_choice !== undefined) {
    const tc = body.tool_choice;
    if (!isObj(tc) || !['auto', 'any', 'tool', 'none'].includes(tc.type as string)) return bad("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
    if ((tc.type === 'any' || tc.type === 'tool') && toolNames.size === 0) return bad('tool_choice: tool_choice may only be specified while providing tools.');
    if (tc.type === 'tool' && (typeof tc.name !== 'string' || !toolNames.has(tc.name))) return bad(`tool_choice.name: Tool '${String(tc.name)}' not found in tools`);
  }
  if (body.system !== undefined && typeof body.system !== 'string') {
    if (!Array.isArray(body.system)) return bad('system: Input should be a valid string or a list of text blocks');
    for (const [i, b] of body.system.entries()) {
      if (!isObj(b) || b.type !== 'text' || typeof b.text !== 'string') return bad(`system.${i}: Input should be a text block`);
      if (b.text === '') return bad('system: text content blocks must be non-empty');
      const e = cache(b.cache_control, `system.${i}`);
      if (e) return e;
    }
  }

  const messages = body.messages;
  if (messages === undefined) return bad('messages: Field required');
  if (!Array.isArray(messages)) return bad('messages: Input should be a valid list');
  if (messages.length === 0) return bad('messages: at least one message is required');
  for (const [i, m] of messages.entries()) {
    if (!isObj(m)) return bad(`messages.${i}: Input should be a valid dictionary`);
    for (const k of Object.keys(m)) if (k !== 'role' && k !== 'content') return bad(`messages.${i}.${k}: Extra inputs are not permitted`);
    if (m.role !== 'user' && m.role !== 'assistant' && m.role !== 'system') return bad(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
    const last = i === messages.length - 1;
    if (typeof m.content === 'string') {
      if (m.content === '' && !(last && m.role === 'assistant')) {
        return bad(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
      }
      continue;
    }
    if (!Array.isArray(m.content)) return bad(`messages.${i}.content: Input should be a valid string or list`);
    if (m.content.length === 0 && !(last && m.role === 'assistant')) {
      return bad(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
    }
    for (const [j, b] of m.content.entries()) {
      const path = `messages.${i}.content.${j}`;
      if (!isObj(b) || !BLOCK_TYPES.includes(b.type as string)) {
        return bad(`${path}: Input tag '${isObj(b) ? String(b.type) : ''}' found using 'type' does not match any of the expected tags: ${BLOCK_TYPES.map((t) => `'${t}'`).join(', ')}`);
      }
      if (m.role === 'system' && b.type !== 'text') return bad(`${path}: system messages may only contain text blocks`);
      if (b.type === 'text') {
        if (typeof b.text !== 'string') return bad(`${path}.text: Field required`);
        if (b.text === '') return bad('messages: text content blocks must be non-empty');
        if (newVersion && m.role === 'user' && Array.isArray(b.citations) && b.citations.length > 0) {
          return bad(`${path}.citations: citations are not allowed on text blocks in user messages`);
        }
      }
      if (newVersion && b.type === 'document' && m.role === 'assistant') return bad(`${path}: document blocks are not allowed in assistant messages`);
      if ((b.type === 'tool_use' || b.type === 'server_tool_use') && m.role !== 'assistant') return bad(`${path}: tool_use blocks are only allowed in assistant messages`);
      if (b.type === 'tool_result' && m.role !== 'user') return bad(`${path}: tool_result blocks are only allowed in user messages`);
      if ((b.type === 'thinking' || b.type === 'redacted_thinking') && b.cache_control !== undefined) {
        return bad(`${path}.cache_control: Thinking blocks cannot be cached directly`);
      }
      const e = cache(b.cache_control, path);
      if (e) return e;
    }
  }
  const firstTurn = messages.find((m) => m.role !== 'system');
  if (firstTurn && firstTurn.role !== 'user') return bad('messages: first message must use the "user" role');
  const e = cache(body.cache_control, 'cache_control');
  if (e) return e;
  if (breakpoints > 4) return bad(`A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.`);

  const other = checkOtherFields(body);
  if (other) return other;
  if (!models.has(body.model)) return { status: 404, type: 'not_found_error', message: `model: ${body.model}` };
  return { breakpoints };
}

function checkOtherFields(body: Record<string, unknown>): ApiError | undefined {
  if (body.output_config !== undefined) {
    const oc = body.output_config;
    if (!isObj(oc)) return bad('output_config: Input should be a valid dictionary');
    for (const k of Object.keys(oc)) if (k !== 'format' && k !== 'effort') return bad(`output_config.${k}: Extra inputs are not permitted`);
    if (oc.effort !== undefined && oc.effort !== null && !['low', 'medium', 'high', 'xhigh', 'max'].includes(oc.effort as string)) {
      return bad("output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'");
    }
    const f = oc.format;
    if (f !== undefined && f !== null) {
      if (!isObj(f) || f.type !== 'json_schema') return bad("output_config.format.type: Input should be 'json_schema'");
      if (!isObj(f.schema)) return bad('output_config.format.schema: Field required');
      for (const k of Object.keys(f)) if (k !== 'type' && k !== 'schema') return bad(`output_config.format.${k}: Extra inputs are not permitted`);
      const problem = structuredSchemaProblem(f.schema, 'output_config.format.schema');
      if (problem) return bad(problem);
    }
  }
  if (body.thinking !== undefined) {
    const t = body.thinking;
    if (!isObj(t) || !['enabled', 'disabled', 'adaptive', 'between_tools'].includes(t.type as string)) return bad("thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'");
    if (t.type === 'enabled') {
      if (!Number.isInteger(t.budget_tokens) || (t.budget_tokens as number) < 1024) return bad('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
      if ((t.budget_tokens as number) >= (body.max_tokens as number)) return bad('`max_tokens` must be greater than `thinking.budget_tokens`.');
    }
  }
  if (body.stop_sequences !== undefined && (!Array.isArray(body.stop_sequences) || body.stop_sequences.some((s) => typeof s !== 'string'))) {
    return bad('stop_sequences: Input should be a valid list of strings');
  }
  if (body.metadata !== undefined) {
    if (!isObj(body.metadata)) return bad('metadata: Input should be a valid dictionary');
    for (const k of Object.keys(body.metadata)) if (k !== 'user_id') return bad(`metadata.${k}: Extra inputs are not permitted`);
  }
  if (body.service_tier !== undefined && body.service_tier !== 'auto' && body.service_tier !== 'standard_only') {
    return bad("service_tier: Input should be 'auto' or 'standard_only'");
  }
  return undefined;
}

export const isApiError = (v: unknown): v is ApiError => isObj(v) && typeof v.status === 'number' && typeof v.message === 'string';
