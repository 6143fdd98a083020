/**
 * Public types of the fake Resend server (see resend-server.ts), its error texts and stats.
 */
import type { EmailFields, Issue, ResendErrorName } from './resend-validate.js';
import type { Quota, RateWindow } from './resend-limits.js';
import type { ResendEmailEventType, ResendEventInput, ResendWebhookEvent } from './svix.js';

export interface FakeResendOptions {
  /** Accepted API keys (default `['re_test_key']`). */
  apiKeys?: string[];
  /** Requests per second for the team; 0 = unlimited (default). */
  rateLimit?: number;
  /** `sliding` (default): ≤ N admitted requests in any 1000 ms; `fixed`: per clock second. */
  rateWindow?: RateWindow;
  quota?: Quota;
  /** Clock for rate windows, quotas, idempotency expiry and `receivedAt` (default `Date.now`). */
  now?: () => number;
  /** `false`: keep only id/from/to/subject/headers/tags of each email (benchmarks). Default true. */
  storeBodies?: boolean;
  /**
   * `false`: keep no accepted email at all; they are still validated, counted and given ids
   * (benchmarks: a send of 100,000 never looks one up, and holding them all in the heap cost the
   * imitation about a third more CPU per email in garbage collection). Default true.
   */
  storeEmails?: boolean;
  /** `false`: keep no request log (benchmarks). Default true. */
  logRequests?: boolean;
  /** When set, `from` must use one of these domains (else 403 `validation_error`). */
  fromDomains?: string[];
  port?: number;
  host?: string;
}

export type StoredEmail = Partial<EmailFields> & {
  id: string;
  to: string[];
  idempotencyKey: string | null;
  /** `now()` when accepted, in ms. */
  receivedAt: number;
  batch: boolean;
  /** 1-based number of the HTTP request that carried it, and its index in that batch. */
  requestNo: number;
  index: number;
  last_event: string;
};

export interface RequestRecord {
  no: number;
  method: string;
  path: string;
  headers?: Record<string, string>;
  idempotencyKey: string | null;
  /** HTTP status sent (for `lost`, the status that would have been sent; 0 for `reset`). */
  status: number;
  outcome: 'answered' | 'reset' | 'lost' | 'pending';
  errorName?: string;
  at: number;
}

export interface FakeResendStats {
  requests: number;
  sendRequests: number;
  batchRequests: number;
  singleRequests: number;
  /** Emails accepted (stored). */
  accepted: number;
  /** Every 429 (rate limit and quota). */
  rejected429: number;
  rateLimited: number;
  quotaExceeded: number;
  validationFailed: number;
  authFailed: number;
  idempotentReplays: number;
  idempotencyConflicts: number;
  failed: number;
  resets: number;
  delayed: number;
  lostAnswers: number;
  inFlight: number;
  maxInFlight: number;
}

export type FaultMatch = 'any' | 'batch' | 'single';
export interface FailSpec {
  status?: number;
  name?: ResendErrorName | string;
  message?: string;
  headers?: Record<string, string>;
}
export type Fault = { match: FaultMatch } & (
  | { kind: 'fail'; status: number; name: string; message: string; headers: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  | { kind: 'lose' }
);

export interface FakeResend {
  readonly url: string;
  /** Every accepted email in order (address fields normalised to arrays). */
  readonly emails: StoredEmail[];
  readonly requests: RequestRecord[];
  readonly stats: FakeResendStats;
  /** The stored email with this id. */
  email(id: string): StoredEmail | undefined;
  /** Emails accepted with this address among `to` (case-insensitive, `Name <addr>` allowed). */
  sentTo(address: string): StoredEmail[];
  setRateLimit(perSecond: number, window?: RateWindow): void;
  setQuota(quota: Quota): void;
  /** The next `n` matching send requests answer this error (default 500 `internal_server_error`). */
  fail(n: number, spec?: FailSpec, match?: FaultMatch): void;
  /** The next `n` matching send requests get their connection destroyed; nothing is stored. */
  reset(n: number, match?: FaultMatch): void;
  /** The next `n` matching send requests wait `ms` (marked in flight) before being processed. */
  delay(ms: number, n?: number, match?: FaultMatch): void;
  /** The next `n` matching send requests are processed and remembered, then the connection is destroyed. */
  loseAnswer(n?: number, match?: FaultMatch): void;
  /** A webhook event for a stored email (updates its `last_event`). */
  event(type: ResendEmailEventType, emailId: string, extra?: Partial<ResendEventInput>): ResendWebhookEvent;
  /** Forgets emails, requests, stats, idempotency keys, faults, rate window and quota usage. */
  clear(): void;
  close(): Promise<void>;
}

export const MESSAGES: Partial<Record<ResendErrorName, string>> = {
  missing_api_key: 'Missing API key in the authorization header.',
  invalid_api_key: 'API key is invalid.',
  invalid_idempotency_key: 'The key must be between 1-256 chars.',
  invalid_idempotent_request: 'Same idempotency key used with a different request payload.',
  concurrent_idempotent_requests: 'Same idempotency key used while original request is still in progress.',
  rate_limit_exceeded: 'Too many requests. Please limit the number of requests per second. Or contact support to increase rate limit.',
  daily_quota_exceeded: 'You have reached your daily email sending quota.',
  monthly_quota_exceeded: 'You have reached your monthly email sending quota.',
  internal_server_error: 'An unexpected error occurred.',
};
export const err = (statusCode: number, name: ResendErrorName, message = MESSAGES[name] ?? name): Issue => ({ statusCode, name, message });

export const emptyStats = (): FakeResendStats => ({
  requests: 0, sendRequests: 0, batchRequests: 0, singleRequests: 0, accepted: 0, rejected429: 0, rateLimited: 0,
  quotaExceeded: 0, validationFailed: 0, authFailed: 0, idempotentReplays: 0, idempotencyConflicts: 0,
  failed: 0, resets: 0, delayed: 0, lostAnswers: 0, inFlight: 0, maxInFlight: 0,
});

