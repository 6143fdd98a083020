/**
 * Message Batches for the fake Anthropic server (https://platform.claude.com/docs/en/build-with-claude/batch-processing):
 * `POST /v1/messages/batches` validates every request and answers an `in_progress` batch;
 * `finish()` (the fake's `finishBatches()`) runs the requests and ends it; results are JSONL lines
 * `{ custom_id, result: { type: 'succeeded', message } | { type: 'errored', error } | { type: 'canceled' } }`
 * served from `results_url`, which the SDK fetches as an absolute URL.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { b62id } from './http-util.js';
import { bad, isApiError, validateMessageParams, type ApiError } from './anthropic-validate.js';
import type { MessageRequest } from './anthropic-respond.js';

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_REQUESTS = 100_000;

export interface BatchEntry {
  batch: Anthropic.Messages.MessageBatch;
  requests: { custom_id: string; params: MessageRequest }[];
  version: string;
  /** JSONL body of the results, once ended. */
  results?: string;
}

/** Runs one batched request; returns its message or the error it met (e.g. an unknown model). */
export type RunOne = (params: MessageRequest, ctx: { batchId: string; customId: string; version: string }) => Promise<Anthropic.Message | ApiError>;

const iso = (ms: number) => new Date(ms).toISOString();

export class Batches {
  readonly entries = new Map<string, BatchEntry>();
  constructor(
    private readonly now: () => number,
    private readonly baseUrl: () => string,
    private readonly models: () => Set<string>,
  ) {}

  /** Validates a create body; returns the new batch or the first problem. */
  create(body: unknown, version: string): BatchEntry | ApiError {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('Input should be a valid dictionary or object');
    const b = body as Record<string, unknown>;
    for (const k of Object.keys(b)) if (k !== 'requests') return bad(`${k}: Extra inputs are not permitted`);
    if (!Array.isArray(b.requests)) return bad('requests: Field required');
    if (b.requests.length === 0) return bad('requests: List should have at least 1 item after validation, not 0');
    if (b.requests.length > MAX_REQUESTS) return bad(`requests: List should have at most ${MAX_REQUESTS} items`);
    const seen = new Set<string>();
    for (const [i, r] of (b.requests as unknown[]).entries()) {
      if (typeof r !== 'object' || r === null) return bad(`requests.${i}: Input should be a valid dictionary`);
      const { custom_id, params, ...extra } = r as Record<string, unknown>;
      const extraKey = Object.keys(extra)[0];
      if (extraKey) return bad(`requests.${i}.${extraKey}: Extra inputs are not permitted`);
      if (typeof custom_id !== 'string' || !CUSTOM_ID.test(custom_id)) return bad(`requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
      if (seen.has(custom_id)) return bad(`requests: custom_id values must be unique; '${custom_id}' is repeated`);
      seen.add(custom_id);
      // Structural problems fail the whole create; an unknown model only errors that request later.
      const v = validateMessageParams(params, version, this.models(), { batch: true });
      if (isApiError(v) && v.status !== 404) return bad(`requests.${i}.params.${v.message}`);
    }
    const now = this.now();
    const batch: Anthropic.Messages.MessageBatch = {
      id: b62id('msgbatch_'),
      type: 'message_batch',
      processing_status: 'in_progress',
      request_counts: { processing: b.requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      ended_at: null,
      created_at: iso(now),
      expires_at: iso(now + 24 * 3600_000),
      archived_at: null,
      cancel_initiated_at: null,
      results_url: null,
    };
    const entry: BatchEntry = { batch, requests: b.requests as BatchEntry['requests'], version };
    this.entries.set(batch.id, entry);
    return entry;
  }

  /** Marks a batch as canceling; `finish` then ends it with every request canceled. */
  cancel(id: string): BatchEntry | undefined {
    const e = this.entries.get(id);
    if (e && e.batch.processing_status === 'in_progress') {
      e.batch.processing_status = 'canceling';
      e.batch.cancel_initiated_at = iso(this.now());
    }
    return e;
  }

  /** Runs every pending request of every unfinished batch and ends them. */
  async finish(run: RunOne): Promise<void> {
    for (const entry of this.entries.values()) {
      const { batch } = entry;
      if (batch.processing_status === 'ended') continue;
      const canceled = batch.processing_status === 'canceling';
      const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
      const lines: string[] = [];
      for (const r of entry.requests) {
        let result: Anthropic.Messages.MessageBatchResult;
        if (canceled) result = { type: 'canceled' };
        else {
          const out = await run(r.params, { batchId: batch.id, customId: r.custom_id, version: entry.version });
          result = isApiError(out)
            ? { type: 'errored', error: { type: 'error', error: { type: out.type, message: out.message }, request_id: null } as Anthropic.ErrorResponse }
            : { type: 'succeeded', message: out };
        }
        counts[result.type]++;
        lines.push(JSON.stringify({ custom_id: r.custom_id, result }));
      }
      entry.results = lines.join('\n') + '\n';
      batch.request_counts = counts;
      batch.processing_status = 'ended';
      batch.ended_at = iso(this.now());
      batch.results_url = `${this.baseUrl()}/v1/messages/batches/${batch.id}/results`;
    }
  }

  /** `GET /v1/messages/batches` (newest first, one page). */
  list(): { data: Anthropic.Messages.MessageBatch[]; has_more: false; first_id: string | null; last_id: string | null } {
    const data = [...this.entries.values()].map((e) => e.batch).reverse();
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
  }

  clear(): void {
    this.entries.clear();
  }
}
