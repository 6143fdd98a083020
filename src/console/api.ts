/**
 * The console's way to the admin API: in-process requests to `/api/admin/…` through the app's own
 * `fetch`, with the bearer token (which never reaches the browser). Every validation, error
 * message and side effect the console shows is therefore the API's own; nothing is implemented
 * twice. The request keeps the runtime's env and execution context, so work an API route hands to
 * the runtime (a send on Workers) outlives the answer as it does for an API client.
 */
import type { Context } from 'hono';

/** The app's `fetch` (Hono's signature). */
export type AppFetch = (request: Request, env?: unknown, executionCtx?: never) => Response | Promise<Response>;

/** An API refusal as the API words it: `{error:{code,message,field?}}` and its status. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  field?: string;
}

/** An API answer: its JSON, or its refusal. */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiError };

/** How a console route calls the API: method, a JSON or raw body, extra headers. */
export interface RequestOptions {
  method?: string;
  /** Sent as `application/json`. */
  json?: unknown;
  body?: RequestInit["body"];
  headers?: Record<string, string>;
}

/** The admin API as one signed-in request sees it. */
export interface AdminApi {
  /** The API's own response (for streams, previews and files passed through). */
  raw(path: string, options?: RequestOptions): Promise<Response>;
  /** A JSON answer, or the API's error. */
  call<T>(path: string, options?: RequestOptions): Promise<ApiResult<T>>;
  /** A JSON answer that must succeed (a read the page cannot do without); else throws. */
  get<T>(path: string): Promise<T>;
}

/** Thrown by `AdminApi.get` when the API refuses a read; the console answers it as a page. */
export class ApiRefusal extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiRefusal';
  }
}

function executionCtx(c: Context): never | undefined {
  try {
    return c.executionCtx as never;
  } catch {
    return undefined; // Node: there is none
  }
}

/** Builds the API client for one console request. */
export function adminApi(fetch: AppFetch, adminToken: () => string, c: Context): AdminApi {
  const origin = new URL(c.req.url).origin;
  const raw = async (path: string, options: RequestOptions = {}) => {
    const headers = new Headers(options.headers);
    headers.set('authorization', `Bearer ${adminToken()}`);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    let body = options.body;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    }
    // A stream is sent as it arrives (`duplex: 'half'`, which Node's fetch requires for one).
    const streamed = body instanceof ReadableStream ? { duplex: 'half' } : {};
    const request = new Request(`${origin}/api/admin${path}`, { method: options.method ?? 'GET', headers, body, ...streamed } as RequestInit);
    return fetch(request, c.env, executionCtx(c));
  };
  const call = async <T>(path: string, options: RequestOptions = {}): Promise<ApiResult<T>> => {
    const res = await raw(path, options);
    if (res.status === 204) return { ok: true, status: 204, data: undefined as T };
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.ok) return { ok: true, status: res.status, data: json as T };
    const e = (json as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    return { ok: false, error: { status: res.status, code: e?.code ?? 'error', message: e?.message ?? (text.slice(0, 200) || res.statusText), field: e?.field } };
  };
  return {
    raw,
    call,
    async get<T>(path: string) {
      const r = await call<T>(path);
      if (!r.ok) throw new ApiRefusal(r.error);
      return r.data;
    },
  };
}
