/**
 * A strict local imitation of the Resend HTTP API for tests and benchmarks. Point the real SDK at
 * it: `new Resend('re_test_key', { baseUrl: fake.url })` (or `RESEND_BASE_URL=fake.url`).
 *
 * What the installed SDK (resend@6.38.0, node_modules/resend/dist/index.mjs) sends, verified:
 * - URL `${baseUrl}${path}`; `baseUrl` option, else env `RESEND_BASE_URL`, else https://api.resend.com.
 * - Headers `Authorization: Bearer <key>`, `User-Agent: resend-node:6.38.0` (env `RESEND_USER_AGENT`
 *   overrides), `Content-Type: application/json`.
 * - `resend.emails.send(email, { idempotencyKey })` → `POST /emails` + `Idempotency-Key`.
 * - `resend.batch.send(emails, { idempotencyKey, batchValidation })` → `POST /emails/batch` with a JSON
 *   array, `Idempotency-Key`, and ALWAYS `x-batch-validation` (`strict` unless `batchValidation: 'permissive'`).
 * - camelCase options become snake_case fields (`replyTo` → `reply_to`, `scheduledAt` → `scheduled_at`).
 * - It never throws and never retries: non-2xx → `{ data: null, error: <JSON body>, headers }`; a
 *   non-JSON error body → `error.name = 'application_error'`; a dropped connection → `{ data: null,
 *   error: { name: 'application_error', statusCode: null, message: 'Unable to fetch data…' }, headers: null }`.
 *   Success → `{ data: <JSON body>, error: null, headers }`, so a batch's ids are `data.data[i].id`.
 *
 * The real API behaviour imitated (https://resend.com/docs/api-reference/errors, …/rate-limit,
 * …/dashboard/emails/idempotency-keys, …/dashboard/emails/batch-validation-modes): errors are
 * `{ statusCode, name, message }`; 401 `missing_api_key`; 403 `invalid_api_key`; 422
 * `missing_required_field` / `validation_error`; 400 `invalid_idempotency_key`; 409
 * `invalid_idempotent_request` / `concurrent_idempotent_requests`; 429 `rate_limit_exceeded` with
 * `ratelimit-limit|remaining|reset` + `retry-after`; 429 `daily_quota_exceeded` / `monthly_quota_exceeded`
 * (quotas count each to/cc/bcc recipient). Choices of this fake where the docs are silent: only
 * 200 answers are remembered for an idempotency key (a failed request frees the key); the key's
 * fingerprint is method + path + `x-batch-validation` + the raw body bytes; unknown fields are
 * rejected on single sends too; faults are applied FIFO, one per matching send request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { dropConnection, FaultQueue, flatHeaders, listen, readBody, readBytes, sendJson, sleep, uuid } from './http-util.js';
import { IdempotencyStore, QuotaCounter, RateLimiter, type Quota, type RateWindow } from './resend-limits.js';
import { bareAddress, isIssue, recipientCount, validateEmail, type EmailFields, type Issue, type ResendErrorName } from './resend-validate.js';
import { resendEvent } from './svix.js';
import { emptyStats, err, MESSAGES, type FakeResend, type FakeResendOptions, type Fault, type RequestRecord, type StoredEmail } from './resend-types.js';

export { signSvixWebhook, newWebhookSecret, resendEvent, postSignedWebhook } from './svix.js';
export type { SvixHeaders, ResendEmailEventType, ResendEventInput, ResendWebhookEvent } from './svix.js';
export type { Quota, RateWindow } from './resend-limits.js';
export type { FakeResend, FakeResendOptions, FakeResendStats, StoredEmail, RequestRecord, FailSpec, FaultMatch } from './resend-types.js';

/** Starts the fake on 127.0.0.1 (random port unless `port`). */
export async function startFakeResend(opts: FakeResendOptions = {}): Promise<FakeResend> {
  const now = opts.now ?? Date.now;
  const apiKeys = new Set(opts.apiKeys ?? ['re_test_key']);
  const storeBodies = opts.storeBodies ?? true;
  const storeEmails = opts.storeEmails ?? true;
  const logRequests = opts.logRequests ?? true;
  const limiter = new RateLimiter(opts.rateLimit ?? 0, opts.rateWindow ?? 'sliding', now);
  const quota = new QuotaCounter(now);
  quota.quota = { ...opts.quota };
  const idem = new IdempotencyStore(now);
  const faults = new FaultQueue<Fault>();
  const emails: StoredEmail[] = [];
  // Lookup indexes are built lazily, so a benchmark that never looks anything up pays nothing.
  const byId = new Map<string, StoredEmail>();
  const byTo = new Map<string, StoredEmail[]>();
  let indexed = 0;
  function index(): void {
    for (; indexed < emails.length; indexed++) {
      const e = emails[indexed];
      byId.set(e.id, e);
      for (const t of e.to) {
        const key = bareAddress(t) ?? t;
        const list = byTo.get(key);
        if (list) list.push(e);
        else byTo.set(key, [e]);
      }
    }
  }
  const findEmail = (id: string) => (index(), byId.get(id));
  const requests: RequestRecord[] = [];
  const stats = emptyStats();

  function store(e: EmailFields, meta: Omit<StoredEmail, keyof EmailFields | 'id' | 'last_event'>): string {
    const id = uuid();
    stats.accepted++;
    if (!storeEmails) return id;
    const kept: StoredEmail = storeBodies
      ? { ...e, id, ...meta, last_event: 'sent' }
      : { id, from: e.from, to: e.to, subject: e.subject, headers: e.headers, tags: e.tags, ...meta, last_event: 'sent' };
    emails.push(kept);
    return id;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rec: RequestRecord = {
      no: ++stats.requests, method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0],
      idempotencyKey: null, status: 0, outcome: 'pending', at: now(),
    };
    if (logRequests) {
      rec.headers = flatHeaders(req);
      requests.push(rec);
    }
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      rec.status = status;
      rec.outcome = 'answered';
      sendJson(res, status, body, headers);
    };
    const reject = (issue: Issue, headers?: Record<string, string>) => {
      rec.errorName = issue.name;
      answer(issue.statusCode, { statusCode: issue.statusCode, name: issue.name, message: issue.message }, headers);
    };
    const drop = (outcome: 'reset' | 'lost') => {
      rec.outcome = outcome;
      dropConnection(req, res);
    };
    /** The work is done and remembered, but the client never hears back. */
    const loseAnswer = (status: number) => {
      stats.lostAnswers++;
      rec.status = status;
      drop('lost');
    };
    const path = rec.path.replace(/\/+$/, '') || '/';
    if (path.startsWith('/__fake/')) return control(path, rec.method, await readBody(req), answer);

    const kind = path === '/emails' ? 'single' : path === '/emails/batch' ? 'batch' : /^\/emails\/[^/]+$/.test(path) ? 'get' : null;
    if (!kind) return reject(err(404, 'not_found', 'The requested endpoint does not exist.'));
    if ((kind === 'get') !== (rec.method === 'GET') || (rec.method !== 'GET' && rec.method !== 'POST')) {
      return reject(err(405, 'method_not_allowed', 'Method is not allowed for the requested path.'));
    }
    if (!req.headers['user-agent']) {
      rec.status = 403; // Cloudflare's "error code: 1010" page, not JSON (https://resend.com/docs/api-reference)
      rec.outcome = 'answered';
      res.writeHead(403, { 'content-type': 'text/plain' }).end('error code: 1010');
      return;
    }
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!auth || !apiKeys.has(auth[1])) {
      stats.authFailed++;
      return reject(auth ? err(403, 'invalid_api_key') : err(401, 'missing_api_key'));
    }

    // Counted when the request arrives (its headers), as an edge limiter does, not once its body is in.
    const rate = limiter.check();
    const bytes = await readBytes(req);
    if (!rate.allowed) {
      stats.rejected429++;
      stats.rateLimited++;
      return reject(err(429, 'rate_limit_exceeded'), rate.headers);
    }
    const rateHeaders = rate.headers;

    if (kind === 'get') {
      const e = findEmail(path.slice('/emails/'.length));
      if (!e) return reject(err(404, 'not_found', 'Email not found'));
      return answer(200, emailView(e), rateHeaders);
    }

    stats.sendRequests++;
    if (kind === 'batch') stats.batchRequests++;
    else stats.singleRequests++;
    const keyHeader = req.headers['idempotency-key'];
    const key = typeof keyHeader === 'string' ? keyHeader : null;
    rec.idempotencyKey = key;
    if (key !== null && (key.length < 1 || key.length > 256)) return reject(err(400, 'invalid_idempotency_key'));
    const modeHeader = req.headers['x-batch-validation'];
    const mode = modeHeader === undefined ? 'strict' : String(modeHeader).toLowerCase();
    if (kind === 'batch' && mode !== 'strict' && mode !== 'permissive') {
      return reject(err(422, 'validation_error', 'Invalid `x-batch-validation` header. Use `strict` or `permissive`.'));
    }

    const fault = faults.take((f) => f.match === 'any' || f.match === kind);
    if (fault?.kind === 'fail') {
      stats.failed++;
      if (fault.status === 429) stats.rejected429++;
      return reject({ statusCode: fault.status, name: fault.name as ResendErrorName, message: fault.message }, fault.headers);
    }
    if (fault?.kind === 'reset') {
      stats.resets++;
      return drop('reset');
    }
    const lose = fault?.kind === 'lose';

    if (key !== null) {
      const fingerprint = createHash('sha1').update(`${rec.method} ${path} ${kind === 'batch' ? mode : ''}\n`).update(bytes).digest('hex');
      const found = idem.begin(key, fingerprint);
      if (found.kind === 'replay') {
        stats.idempotentReplays++;
        if (fault?.kind === 'delay') {
          stats.delayed++;
          await sleep(fault.ms);
        }
        if (lose) return loseAnswer(found.answer.status);
        return answer(found.answer.status, found.answer.body, rateHeaders);
      }
      if (found.kind !== 'new') {
        stats.idempotencyConflicts++;
        return reject(err(409, found.kind === 'mismatch' ? 'invalid_idempotent_request' : 'concurrent_idempotent_requests'));
      }
    }

    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let outcome: { status: number; body: unknown } | Issue;
    try {
      if (fault?.kind === 'delay') {
        stats.delayed++;
        await sleep(fault.ms);
      }
      // An ASCII body (the usual case: JSON escapes the rest) decodes the same either way, latin1 faster.
      outcome = accept(kind, mode, bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'), key, rec.no);
    } catch (e) {
      outcome = err(500, 'internal_server_error', `Fake Resend crashed: ${(e as Error).message}`);
    } finally {
      stats.inFlight--;
    }
    if (isIssue(outcome)) {
      if (key !== null) idem.release(key);
      if (outcome.statusCode === 429) {
        stats.rejected429++;
        stats.quotaExceeded++;
      } else if (outcome.statusCode === 422 || outcome.statusCode === 403) stats.validationFailed++;
      return reject(outcome, outcome.statusCode === 429 ? {} : rateHeaders);
    }
    const text = JSON.stringify(outcome.body);
    if (key !== null) idem.complete(key, { status: outcome.status, body: text });
    if (lose) return loseAnswer(outcome.status);
    answer(outcome.status, text, rateHeaders);
  }

  /** Validates and stores one send request; returns the answer or the problem. */
  function accept(kind: 'single' | 'batch', mode: string, raw: string, key: string | null, no: number): { status: number; body: unknown } | Issue {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return err(400, 'validation_error', 'The request body is not valid JSON.');
    }
    const meta = (index: number) => ({ idempotencyKey: key, receivedAt: now(), batch: kind === 'batch', requestNo: no, index });
    if (kind === 'single') {
      const e = validateEmail(json, { batch: false, fromDomains: opts.fromDomains });
      if (isIssue(e)) return e;
      const over = quota.wouldExceed(recipientCount(e));
      if (over) return err(429, over);
      quota.add(recipientCount(e));
      return { status: 200, body: { id: store(e, meta(0)) } };
    }
    if (!Array.isArray(json)) return err(422, 'validation_error', 'The batch must be a JSON array of emails.');
    if (json.length === 0) return err(422, 'validation_error', 'The batch must contain at least 1 email.');
    if (json.length > 100) return err(422, 'validation_error', `The batch can contain at most 100 emails; it has ${json.length}.`);
    const good: { index: number; email: EmailFields }[] = [];
    const errors: { index: number; message: string }[] = [];
    for (let i = 0; i < json.length; i++) {
      const e = validateEmail(json[i], { batch: true, fromDomains: opts.fromDomains });
      if (!isIssue(e)) good.push({ index: i, email: e });
      else if (mode === 'strict') return { ...e, message: `emails[${i}]: ${e.message}` };
      else errors.push({ index: i, message: e.message });
    }
    const n = good.reduce((s, g) => s + recipientCount(g.email), 0);
    const over = quota.wouldExceed(n);
    if (over) return err(429, over);
    quota.add(n);
    const data = good.map((g) => ({ id: store(g.email, meta(g.index)) }));
    return { status: 200, body: mode === 'permissive' ? { data, errors } : { data } };
  }

  /** Out-of-band control for a fake running in its own process (see resend-cli.ts). */
  function control(path: string, method: string, raw: string, answer: (s: number, b: unknown) => void): void {
    let body: { rateLimit?: number; window?: RateWindow } & Quota = {};
    try {
      if (raw) body = JSON.parse(raw);
    } catch {
      return answer(400, { error: 'invalid JSON' });
    }
    if (path === '/__fake/stats') {
      const cpu = process.cpuUsage();
      return answer(200, { ...stats, stored: emails.length, idempotencyKeys: idem.size, faultsPending: faults.pending, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    if (method !== 'POST') return answer(405, { error: 'POST' });
    if (path === '/__fake/clear') fake.clear();
    else if (path === '/__fake/rate') fake.setRateLimit(Number(body.rateLimit ?? 0), body.window);
    else if (path === '/__fake/quota') fake.setQuota(body);
    else return answer(404, { error: 'unknown control path' });
    answer(200, { ok: true });
  }

  const server = await listen(
    (req, res) => void handle(req, res).catch((e: Error) => sendJson(res, 500, { statusCode: 500, name: 'internal_server_error', message: e.message })),
    opts.port ?? 0,
    opts.host,
  );
  const fake: FakeResend = {
    url: server.url,
    emails,
    requests,
    stats,
    email: findEmail,
    sentTo: (address) => (index(), byTo.get(bareAddress(address) ?? address) ?? []),
    setRateLimit(perSecond, window) {
      limiter.limit = perSecond;
      if (window) limiter.window = window;
      limiter.reset();
    },
    setQuota(q) {
      quota.quota = { ...q };
    },
    fail(n, spec = {}, match = 'any') {
      const status = spec.status ?? 500;
      const name = spec.name ?? (status === 429 ? 'rate_limit_exceeded' : 'internal_server_error');
      const message = spec.message ?? MESSAGES[name as ResendErrorName] ?? name;
      faults.push(n, { kind: 'fail', match, status, name, message, headers: spec.headers ?? {} });
    },
    reset: (n, match = 'any') => faults.push(n, { kind: 'reset', match }),
    delay: (ms, n = 1, match = 'any') => faults.push(n, { kind: 'delay', ms, match }),
    loseAnswer: (n = 1, match = 'any') => faults.push(n, { kind: 'lose', match }),
    event(type, emailId, extra = {}) {
      const e = findEmail(emailId);
      if (e) e.last_event = type.slice('email.'.length);
      // Resend echoes the email's tags in its events (shown as a name → value object in its examples).
      const tags = e?.tags?.length ? Object.fromEntries(e.tags.map((t) => [t.name, t.value])) : undefined;
      return resendEvent(type, { email_id: emailId, from: e?.from, to: e?.to, subject: e?.subject, tags, ...extra });
    },
    clear() {
      emails.length = 0;
      requests.length = 0;
      byId.clear();
      byTo.clear();
      indexed = 0;
      Object.assign(stats, emptyStats());
      idem.clear();
      faults.clear();
      limiter.reset();
      quota.usedToday = quota.usedThisMonth = 0;
    },
    close: server.close,
  };
  return fake;
}

/** The `GET /emails/:id` body, as the SDK's `GetEmailResponseSuccess` describes it. */
function emailView(e: StoredEmail) {
  return {
    object: 'email',
    id: e.id,
    to: e.to,
    from: e.from,
    created_at: new Date(e.receivedAt).toISOString().replace('T', ' ').replace('Z', '+00'),
    subject: e.subject,
    html: e.html ?? null,
    text: e.text ?? null,
    bcc: e.bcc ?? null,
    cc: e.cc ?? null,
    reply_to: e.reply_to ?? null,
    last_event: e.last_event,
    scheduled_at: e.scheduled_at ?? null,
    tags: e.tags ?? [],
    message_id: `<${e.id}@email.amazonses.com>`,
  };
}
