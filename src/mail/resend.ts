/**
 * The Resend adapter: the only file that imports `resend` — the Mailer, and the check of
 * Resend's Svix-signed webhooks. Sends a batch with an Idempotency-Key
 * and permissive validation, and classifies every answer into a BatchOutcome the engine can act
 * on. The SDK never throws for API errors; it returns `{ data, error, headers }`.
 */
import { Resend, type CreateBatchSuccessResponse, type PostOptions } from 'resend';
import type { BatchOutcome, Mailer, OutgoingEmail, SendOptions } from './port.js';
import { batchBody } from './resend-wire.js';

export interface ResendMailerOptions {
  apiKey: string;
  baseUrl?: string;
  /** Abort a provider call that takes longer than this (then retried with the same key). */
  timeoutMs?: number;
}

interface ResendError {
  name: string;
  message: string;
  statusCode: number | null;
}

/** Pure: turns a Resend error (and its response headers) into what the engine should do. */
export function classifyResendError(error: ResendError, headers: Record<string, string> | null): BatchOutcome {
  const message = `${error.name}: ${error.message}`;
  const status = error.statusCode;
  if (error.name === 'daily_quota_exceeded' || error.name === 'monthly_quota_exceeded') return { kind: 'quota', message };
  if (status === 429) {
    const retryAfter = Number(headers?.['retry-after'] ?? headers?.['ratelimit-reset'] ?? 1);
    return { kind: 'rate_limited', retryAfterMs: Math.max(0, Number.isFinite(retryAfter) ? retryAfter : 1) * 1000, message };
  }
  if (status === 401 || status === 403) return { kind: 'auth', message };
  if (error.name === 'concurrent_idempotent_requests') return { kind: 'retryable', message };
  if (error.name === 'invalid_idempotent_request') return { kind: 'conflict', message };
  if (status === null || status >= 500 || status === 408) return { kind: 'retryable', message };
  return { kind: 'permanent', message };
}

export class ResendMailer implements Mailer {
  private readonly resend: Resend;
  private readonly timeoutMs: number;

  constructor(options: ResendMailerOptions) {
    this.resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : undefined);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async sendBatch(emails: OutgoingEmail[], options: SendOptions = {}): Promise<BatchOutcome> {
    // What `resend.batch.send(emails, { idempotencyKey, batchValidation: 'permissive' })` does,
    // with the body written by batchBody (bytes, shared parts encoded once per variant) instead
    // of JSON.stringify on 3 MB of strings. The SDK's `post` still makes the call and reads the
    // answer; its request options are spread after the body it would build, so `body` wins.
    // The bytes go in as a one-chunk stream with their length: fetch copies a Buffer body twice
    // before writing it, and a stream's chunks not at all. bench/delivery.ts measures this path
    // against the SDK's own `batch.send`, side by side.
    return this.post(batchBody(emails), emails.length, options);
  }

  private async post(bytes: Buffer, count: number, options: SendOptions): Promise<BatchOutcome> {
    await options.ready?.();
    const request = {
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      }),
      duplex: 'half',
      headers: { 'x-batch-validation': 'permissive', 'content-length': String(bytes.length) },
      idempotencyKey: options.idempotencyKey,
      signal: AbortSignal.timeout(this.timeoutMs),
    };
    const { data, error, headers } = await this.resend.post<CreateBatchSuccessResponse<{ batchValidation: 'permissive' }>>(
      '/emails/batch',
      undefined,
      request as PostOptions,
    );
    return batchOutcome({ data, error, headers }, count);
  }
}

/** What the SDK answered for a batch of `count` emails, as a BatchOutcome. */
export function batchOutcome(
  answer: { data: { data: { id: string }[] } | null; error: ResendError | null; headers: Record<string, string> | null },
  count: number,
): BatchOutcome {
  const { data, error, headers } = answer;
  if (error || !data) return classifyResendError(error ?? { name: 'application_error', message: 'empty answer', statusCode: null }, headers);
  const rejected = (data as { errors?: { index: number; message: string }[] }).errors ?? [];
  const ids: (string | null)[] = new Array(count).fill(null);
  // Resend lists ids for the accepted emails in order, skipping the rejected indexes.
  const rejectedIdx = new Set(rejected.map((r) => r.index));
  let next = 0;
  for (let i = 0; i < count; i++) {
    if (rejectedIdx.has(i)) continue;
    ids[i] = data.data[next++]?.id ?? null;
  }
  // Resend's window is one second, so `ratelimit-limit` is the team's requests per second.
  const providerRate = Number(headers?.['ratelimit-limit']);
  return { kind: 'accepted', ids, rejected, ...(providerRate > 0 ? { providerRate } : {}) };
}

export type VerifiedWebhook = { ok: true; payload: unknown } | { ok: false; reason: string };

/** Verification only: the SDK wants a key to construct, and this instance never calls the API. */
const VERIFY_ONLY_KEY = 're_webhook_verification_only';

/**
 * Checks a Resend webhook with the SDK's `webhooks.verify` (built on `standardwebhooks`): the
 * HMAC-SHA256 of "id.timestamp.body" with the `whsec_…` key, and a timestamp within ±5 minutes
 * of the wall clock (the SDK reads the system time itself).
 */
export function resendWebhookVerifier(secret: string) {
  const resend = new Resend(VERIFY_ONLY_KEY);
  return (rawBody: string, headers: { id?: string; timestamp?: string; signature?: string }): VerifiedWebhook => {
    try {
      const payload = resend.webhooks.verify({
        payload: rawBody,
        headers: { id: headers.id ?? '', timestamp: headers.timestamp ?? '', signature: headers.signature ?? '' },
        webhookSecret: secret,
      });
      return { ok: true, payload };
    } catch (err) {
      // A valid signature over a body that is not JSON surfaces as a SyntaxError from the parse.
      if (err instanceof SyntaxError) return { ok: true, payload: undefined };
      return { ok: false, reason: err instanceof Error ? err.message : 'invalid signature' };
    }
  };
}
