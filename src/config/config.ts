/**
 * The service's configuration, parsed once from an environment-like record by a composition root.
 * Nothing else in the code reads the environment.
 */
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
/** A number variable: `def` when unset or empty, else a number that passes `valid` (or one readable error). */
const numberVar = <D extends number | undefined>(def: D, valid: (n: number) => boolean, expected: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const n = Number(v);
      if (!valid(n)) {
        ctx.addIssue({ code: 'custom', message: `must be ${expected}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });
const positiveNumber = (def: number) => numberVar(def, (n) => Number.isFinite(n) && n > 0, 'a positive number');

export const DEFAULT_POSTAL_ADDRESS = 'Primera Plana · set POSTAL_ADDRESS to your mailing address';
export const DEFAULT_MAIL_FROM = 'Primera Plana <newsletter@localhost>';

export const envSchema = z.object({
  PORT: positiveNumber(3000),
  /** Node: the interface to listen on; unset → every interface (IPv4 and IPv6). */
  HOST: optional,
  DATABASE_PATH: optional,
  BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ADMIN_TOKEN: optional.pipe(
    z
      .string()
      .min(16, 'must be at least 16 characters')
      // What hono/bearer-auth accepts as a token (RFC 6750's b64token): any other would never match.
      .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'may hold only letters, digits and . _ ~ + / - (then = padding)')
      .optional(),
  ),
  TOKEN_SECRET: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  MAIL_FROM: optional,
  REPLY_TO: optional,
  POSTAL_ADDRESS: optional,
  PUBLICATION_NAME: optional,
  RESEND_API_KEY: optional,
  RESEND_BASE_URL: optional.pipe(z.url().optional()),
  RESEND_WEBHOOK_SECRET: optional.pipe(z.string().startsWith('whsec_', 'must start with whsec_').optional()),
  ANTHROPIC_API_KEY: optional,
  ANTHROPIC_BASE_URL: optional.pipe(z.url().optional()),
  TLDR_MODEL: optional,
  TLDR_MODE: z.enum(['sync', 'batch']).optional(),
  SEND_RATE: positiveNumber(2),
  /** Batches in flight at once (each holds its ~3 MB request body): more fills a slow provider's rate, fewer uses less memory. */
  SEND_CONCURRENCY: numberVar(undefined, (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'a whole number from 1 to 64'),
  SEND_CRON: optional,
  SEND_GRACE_MINUTES: positiveNumber(60),
  /** How long a process's claim on a running send lasts without renewal (a crashed holder's claim expires). */
  SEND_LEASE_SECONDS: positiveNumber(30),
  /**
   * The header a reverse proxy sets to the client's address (e.g. `x-forwarded-for`); unset → the
   * socket address. Only a proxy in front can be trusted with it: a client sets any header it likes.
   */
  TRUSTED_PROXY: optional.pipe(
    z
      .string()
      // An HTTP header name (RFC 9110 token).
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be a header name, e.g. x-forwarded-for')
      .transform((v) => v.toLowerCase())
      .optional(),
  ),
  /** Workers: a batch whose queue message has been out this long without an attempt is enqueued again. */
  QUEUE_STALE_SECONDS: positiveNumber(120),
  /** Days an edition keeps its per-delivery rows after its send ended; then they fold into its tallies. */
  RETENTION_DAYS: positiveNumber(90),
});

export type Env = z.infer<typeof envSchema>;

/** What the app needs to know, whatever the runtime. */
export interface AppConfig {
  baseUrl: string;
  adminToken: string;
  tokenSecret: string;
  publication: string;
  mailFrom: string;
  replyTo?: string;
  postalAddress: string;
  resendWebhookSecret?: string;
  tldrModel: string;
  tldrMode: 'sync' | 'batch';
  sendRate: number;
  /** Batches in flight at once. */
  sendConcurrency: number;
  sendCron: string;
  sendGraceMinutes: number;
  sendLeaseSeconds: number;
  queueStaleSeconds: number;
  /** Where mail goes: Resend when RESEND_API_KEY is set, else the local outbox (Node). */
  mailProvider: 'resend' | 'outbox';
  /** Days after a send ends before its per-delivery rows fold into the edition's tallies. */
  retentionDays: number;
  /** The lower-case header that carries the client's address (set by a proxy); undefined → the socket address. */
  trustedProxy?: string;
}

/**
 * Enough batches in flight to fill the rate when a provider call takes up to ~1 s, and no more
 * than 4: each holds a ~3 MB body, and a busy process gains nothing from more.
 */
export const defaultConcurrency = (rate: number): number => Math.min(4, Math.max(1, Math.ceil(rate)));

/** Parses env into a typed record; throws one readable message listing every bad variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) picked[key] = raw[key];
  const result = envSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Turns a parsed env plus the secrets a runtime resolved into the app's config. */
export function toAppConfig(env: Env, secrets: { adminToken: string; tokenSecret: string }): AppConfig {
  return {
    baseUrl: (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    adminToken: secrets.adminToken,
    tokenSecret: secrets.tokenSecret,
    publication: env.PUBLICATION_NAME ?? 'Primera Plana',
    mailFrom: env.MAIL_FROM ?? DEFAULT_MAIL_FROM,
    replyTo: env.REPLY_TO ?? env.MAIL_FROM ?? DEFAULT_MAIL_FROM,
    postalAddress: env.POSTAL_ADDRESS ?? DEFAULT_POSTAL_ADDRESS,
    resendWebhookSecret: env.RESEND_WEBHOOK_SECRET,
    tldrModel: env.TLDR_MODEL ?? 'claude-sonnet-4-6',
    tldrMode: env.TLDR_MODE ?? 'sync',
    sendRate: env.SEND_RATE,
    sendConcurrency: env.SEND_CONCURRENCY ?? defaultConcurrency(env.SEND_RATE),
    sendCron: env.SEND_CRON ?? '* * * * *',
    sendGraceMinutes: env.SEND_GRACE_MINUTES,
    sendLeaseSeconds: env.SEND_LEASE_SECONDS,
    queueStaleSeconds: env.QUEUE_STALE_SECONDS,
    mailProvider: env.RESEND_API_KEY ? 'resend' : 'outbox',
    retentionDays: env.RETENTION_DAYS,
    trustedProxy: env.TRUSTED_PROXY,
  };
}
