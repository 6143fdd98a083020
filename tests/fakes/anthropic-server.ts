/**
 * A strict local imitation of the Anthropic Messages API for tests and benchmarks. Point the real
 * SDK at it: `new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.url })`.
 *
 * What the installed SDK (@anthropic-ai/sdk 1.14.0, src/client.ts) sends, verified: the API key as
 * `Authorization: Bearer <key>` (not `x-api-key`: SDK ≥ 1.0 switched, and the API accepts both,
 * `x-api-key` winning when both are present), `anthropic-version: 2026-10-21`, `X-Stainless-Retry-Count`,
 * JSON bodies to `POST /v1/messages`, `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}`,
 * and for `batches.results(id)` a GET of the batch's absolute `results_url`. It retries 408/409/429/5xx
 * and connection errors itself (`maxRetries`, default 2), honouring `retry-after` (seconds, fractions
 * allowed) and `retry-after-ms`; errors become `APIError` subclasses carrying `status`, `type`
 * (from `error.type`) and `requestID` (from the `request-id` header).
 *
 * Errors have the API's shape `{ type: 'error', error: { type, message }, request_id }` plus a
 * `request-id` header. Streaming (`stream: true`) is not implemented and is refused with a 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Anthropic from '@anthropic-ai/sdk';
import { b62id, dropConnection, FaultQueue, flatHeaders, listen, readBody, sendJson, sleep } from './http-util.js';
import { bad, DEFAULT_MODELS, isApiError, KNOWN_VERSIONS, validateMessageParams, type ApiError, type ErrorType } from './anthropic-validate.js';
import { countTokens, defaultMinCacheTokens, PromptCache, promptBlocks } from './anthropic-cache.js';
import { buildContent, defaultResponder, type MessageRequest, type Responder } from './anthropic-respond.js';
import { Batches, type BatchEntry } from './anthropic-batches.js';

export { defaultResponder, sampleFromSchema, type MessageRequest, type Responder, type ResponderResult } from './anthropic-respond.js';
export { defaultMinCacheTokens, tokensOf } from './anthropic-cache.js';
export { DEFAULT_MODELS } from './anthropic-validate.js';

export interface FakeAnthropicOptions {
  /** Accepted keys (default `['sk-ant-test']`). */
  apiKeys?: string[];
  /** Known model ids (default: every id of the SDK's `Model` union); others → 404 `not_found_error`. */
  models?: string[];
  /** Minimum cacheable prefix: one number for all models, or per model (default per the docs). */
  minCacheTokens?: number | Record<string, number>;
  respond?: Responder;
  /** Clock for cache TTLs and batch timestamps (default `Date.now`). */
  now?: () => number;
  /** End batches right after they are created, instead of on `finishBatches()`. */
  finishBatchesImmediately?: boolean;
  port?: number;
  host?: string;
}

export interface CallRecord {
  request: MessageRequest;
  response: Anthropic.Message;
  usage: Anthropic.Usage;
  at: number;
  batch?: { id: string; customId: string };
}

export interface AnthropicRequestRecord {
  no: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  status: number;
  outcome: 'answered' | 'reset' | 'pending';
  errorType?: string;
  requestId: string;
}

export interface FakeAnthropicTotals {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface FailSpec {
  status: number;
  type?: ErrorType;
  message?: string;
  /** Seconds for the `retry-after` header (default 1 on 429/529; fractions are fine for tests). */
  retryAfter?: number;
}

export interface FakeAnthropic {
  readonly url: string;
  /** Every generated message (direct and batched), with request, usage and response. */
  readonly calls: CallRecord[];
  readonly requests: AnthropicRequestRecord[];
  readonly totals: FakeAnthropicTotals;
  readonly batches: Map<string, BatchEntry>;
  /** Replaces the responder (no argument: back to the default). */
  setResponder(fn?: Responder): void;
  /** The next `n` API requests answer this error. */
  fail(n: number, spec: FailSpec): void;
  /** The next `n` API requests wait `ms` first. */
  delay(ms: number, n?: number): void;
  /** The next `n` API requests get their connection destroyed. */
  reset(n?: number): void;
  /** Runs and ends every unfinished batch. */
  finishBatches(): Promise<void>;
  clearCache(): void;
  /** Forgets calls, requests, totals, faults, batches and the prompt cache. */
  clear(): void;
  close(): Promise<void>;
}

type Fault = { kind: 'fail'; spec: FailSpec } | { kind: 'delay'; ms: number } | { kind: 'reset' };
const DEFAULT_TYPES: Record<number, ErrorType> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 500: 'api_error', 504: 'timeout_error', 529: 'overloaded_error' };
const DEFAULT_MESSAGES: Partial<Record<ErrorType, string>> = { rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit', overloaded_error: 'Overloaded', api_error: 'Internal server error', timeout_error: 'Request timed out' };
const emptyTotals = (): FakeAnthropicTotals => ({ calls: 0, input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });

export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const now = opts.now ?? Date.now;
  const apiKeys = new Set(opts.apiKeys ?? ['sk-ant-test']);
  const models = new Set(opts.models ?? DEFAULT_MODELS);
  const minTokens = (model: string) =>
    typeof opts.minCacheTokens === 'number' ? opts.minCacheTokens : (opts.minCacheTokens?.[model] ?? defaultMinCacheTokens(model));
  let responder: Responder = opts.respond ?? defaultResponder;
  const cache = new PromptCache(now);
  const faults = new FaultQueue<Fault>();
  const calls: CallRecord[] = [];
  const requests: AnthropicRequestRecord[] = [];
  const totals = emptyTotals();
  let url = '';
  const batches = new Batches(now, () => url, () => models);

  /** Validates, answers and accounts one Messages request (direct or batched). */
  async function runMessage(body: unknown, version: string, batch?: { id: string; customId: string }): Promise<Anthropic.Message | ApiError> {
    const v = validateMessageParams(body, version, models, { batch: !!batch });
    if (isApiError(v)) return v;
    const req = body as MessageRequest;
    let built;
    try {
      built = buildContent(req, await responder(req, { batch }));
    } catch (e) {
      return { status: 500, type: 'api_error', message: `fake responder failed: ${(e as Error).message}` };
    }
    const u = cache.account(req.model, promptBlocks(body as Record<string, unknown>), minTokens(req.model));
    const usage: Anthropic.Usage = {
      ...u,
      output_tokens: built.output_tokens,
      server_tool_use: null,
      service_tier: batch ? 'batch' : 'standard',
      inference_geo: null,
      output_tokens_details: null,
      speed: null,
    };
    const response = {
      id: b62id('msg_'),
      type: 'message',
      role: 'assistant',
      model: req.model,
      content: built.content,
      stop_reason: built.stop_reason,
      stop_sequence: built.stop_sequence,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage,
    } as Anthropic.Message;
    calls.push({ request: req, response, usage, at: now(), batch });
    totals.calls++;
    totals.input_tokens += usage.input_tokens;
    totals.output_tokens += usage.output_tokens;
    totals.cache_creation_input_tokens += usage.cache_creation_input_tokens ?? 0;
    totals.cache_read_input_tokens += usage.cache_read_input_tokens ?? 0;
    return response;
  }
  const finishBatches = () => batches.finish((params, ctx) => runMessage(params, ctx.version, { id: ctx.batchId, customId: ctx.customId }));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = b62id('req_');
    const rec: AnthropicRequestRecord = {
      no: requests.length + 1, method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0],
      headers: flatHeaders(req), status: 0, outcome: 'pending', requestId,
    };
    requests.push(rec);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      rec.outcome = 'answered';
      sendJson(res, status, body, { 'request-id': requestId, ...headers });
    };
    const reject = (e: ApiError, headers?: Record<string, string>) => {
      rec.errorType = e.type;
      answer(e.status, { type: 'error', error: { type: e.type, message: e.message }, request_id: requestId }, headers);
    };
    const raw = await readBody(req);
    const { method, path } = rec;

    const xKey = req.headers['x-api-key'];
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const key = typeof xKey === 'string' && xKey !== '' ? xKey : bearer;
    if (!key) return reject({ status: 401, type: 'authentication_error', message: 'x-api-key header is required' });
    if (!apiKeys.has(key)) return reject({ status: 401, type: 'authentication_error', message: 'invalid x-api-key' });
    const version = req.headers['anthropic-version'];
    if (typeof version !== 'string' || version === '') return reject(bad('anthropic-version: header is required'));
    if (!KNOWN_VERSIONS.includes(version)) return reject(bad(`anthropic-version: "${version}" is not a valid version`));

    const fault = faults.take();
    if (fault?.kind === 'reset') {
      rec.outcome = 'reset';
      return dropConnection(req, res);
    }
    if (fault?.kind === 'fail') {
      const { status, retryAfter } = fault.spec;
      const type = fault.spec.type ?? DEFAULT_TYPES[status] ?? 'api_error';
      const after = retryAfter ?? (status === 429 || status === 529 ? 1 : undefined);
      return reject({ status, type, message: fault.spec.message ?? DEFAULT_MESSAGES[type] ?? type }, after === undefined ? {} : { 'retry-after': String(after) });
    }
    if (fault?.kind === 'delay') await sleep(fault.ms);

    let body: unknown;
    if (method === 'POST' && raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return reject(bad('There was an issue with the format or content of your request. The request body is not valid JSON.'));
      }
    }
    const batchPath = /^\/v1\/messages\/batches\/([^/]+)(\/results|\/cancel)?$/.exec(path);
    if (method === 'POST' && path === '/v1/messages') {
      const out = await runMessage(body, version);
      return isApiError(out) ? reject(out) : answer(200, out);
    }
    if (method === 'POST' && path === '/v1/messages/count_tokens') {
      const probe = typeof body === 'object' && body !== null ? { max_tokens: 1, ...body } : body;
      const v = validateMessageParams(probe, version, models);
      return isApiError(v) ? reject(v) : answer(200, { input_tokens: countTokens(probe as Record<string, unknown>) });
    }
    if (method === 'POST' && path === '/v1/messages/batches') {
      const entry = batches.create(body, version);
      if (isApiError(entry)) return reject(entry);
      const snapshot = structuredClone(entry.batch);
      if (opts.finishBatchesImmediately) await finishBatches();
      return answer(200, snapshot);
    }
    if (method === 'GET' && path === '/v1/messages/batches') return answer(200, batches.list());
    if (batchPath) {
      const [, id, sub] = batchPath;
      const entry = sub === '/cancel' && method === 'POST' ? batches.cancel(id) : batches.entries.get(id);
      if (!entry || (method === 'GET') === (sub === '/cancel')) return reject({ status: 404, type: 'not_found_error', message: `No batch found with id '${id}'` });
      if (sub !== '/results') return answer(200, entry.batch);
      if (entry.results === undefined) {
        return reject(bad(`Batch ${id} is still ${entry.batch.processing_status}; its results are not available yet.`));
      }
      rec.status = 200;
      rec.outcome = 'answered';
      res.writeHead(200, { 'content-type': 'application/binary', 'request-id': requestId }).end(entry.results);
      return;
    }
    reject({ status: 404, type: 'not_found_error', message: 'Not Found' });
  }

  const server = await listen(
    (req, res) => void handle(req, res).catch((e: Error) => sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: e.message } })),
    opts.port ?? 0,
    opts.host,
  );
  url = server.url;
  return {
    url,
    calls,
    requests,
    totals,
    batches: batches.entries,
    setResponder: (fn) => void (responder = fn ?? defaultResponder),
    fail: (n, spec) => faults.push(n, { kind: 'fail', spec }),
    delay: (ms, n = 1) => faults.push(n, { kind: 'delay', ms }),
    reset: (n = 1) => faults.push(n, { kind: 'reset' }),
    finishBatches,
    clearCache: () => cache.clear(),
    clear() {
      calls.length = 0;
      requests.length = 0;
      Object.assign(totals, emptyTotals());
      faults.clear();
      batches.clear();
      cache.clear();
    },
    close: server.close,
  };
}
