/**
 * Builds the real app on a real SQLite file in a temp folder, with a fixed clock and a
 * recording mailer unless the test passes its own. Every test gets its own database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { bootstrap } from '../../src/bootstrap.js';
import { toAppConfig, parseEnv, type AppConfig } from '../../src/config/config.js';
import { openSqlite, type SqliteHandle } from '../../src/db/sqlite.js';
import type { AppDeps, Clock, CoreDeps } from '../../src/deps.js';
import { silentLogger } from '../../src/deps.js';
import { createEngine, type EngineOptions } from '../../src/delivery/index.js';
import type { NodeRunner } from '../../src/delivery/runner.js';
import { createDrainer, type NodeDrainer } from '../../src/transactional/drainer.js';
import { readSeedMarkdown } from '../../src/editions/seed.js';
import { createPacer, pacedMailer } from '../../src/mail/pacer.js';
import { FixedWindowLimiter, SIGN_IN_RATE, SUBSCRIBE_RATE } from '../../src/reader/rate-limit.js';
import type { BatchOutcome, Mailer, OutgoingEmail, PacedMailer, SendOptions } from '../../src/mail/port.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TOKEN_SECRET = 'test-token-secret-0123456789';

/** A mailer that keeps what it was given (and honours idempotency keys like the real ones). */
export class RecordingMailer implements Mailer {
  sent: (OutgoingEmail & { idempotencyKey?: string })[] = [];
  calls = 0;
  private keys = new Map<string, string[]>();
  async sendBatch(emails: OutgoingEmail[], options: SendOptions = {}): Promise<BatchOutcome> {
    await options.ready?.();
    this.calls++;
    const k = options.idempotencyKey;
    if (k && this.keys.has(k)) return { kind: 'accepted', ids: this.keys.get(k)!, rejected: [] };
    const ids = emails.map((_, i) => `rec-${this.sent.length + i}`);
    for (const e of emails) this.sent.push({ ...e, idempotencyKey: k });
    if (k) this.keys.set(k, ids);
    return { kind: 'accepted', ids, rejected: [] };
  }
}

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  constructor(public t = new Date('2026-11-26T10:00:00.000Z')) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  clock: FixedClock;
  mailer: Mailer;
  runner: NodeRunner;
  /** The transactional queue's drainer (also `deps.drainer` unless the test passed its own). */
  drainer: NodeDrainer;
  dir: string;
  dbPath: string;
  /** The better-sqlite3 handle under `deps.db` (for tests that watch the statements a request runs). */
  sqlite: SqliteHandle['sqlite'];
  /** Resolves once the transactional queue has nothing left to send. */
  drained(): Promise<void>;
  /** Sends a request with the admin token. */
  admin(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): void;
}

export async function makeTestApp(
  overrides: Partial<Omit<AppDeps, 'config' | 'mailer'>> & {
    /** The provider; paced at `config.sendRate` unless it is paced already. */
    mailer?: Mailer | PacedMailer;
    config?: Partial<AppConfig>;
    env?: Record<string, string>;
    seed?: boolean;
    engine?: EngineOptions;
    /** Opens this database file (another app on the same data: a restart) instead of a fresh one. */
    dbFile?: string;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'pp-test-'));
  const dbPath = overrides.dbFile ?? join(dir, 'newsletter.db');
  const handle = openSqlite(dbPath);
  const clock = (overrides.clock as FixedClock | undefined) ?? new FixedClock();
  if (overrides.seed !== false) await bootstrap(handle.db, readSeedMarkdown(), clock.now());
  const config: AppConfig = {
    ...toAppConfig(parseEnv({ BASE_URL: 'https://news.example.com', POSTAL_ADDRESS: '1 Test Street, Springfield', ...overrides.env }), {
      adminToken: ADMIN_TOKEN,
      tokenSecret: TOKEN_SECRET,
    }),
    ...overrides.config,
  };
  const mailer = overrides.mailer ?? new RecordingMailer();
  const core: CoreDeps = {
    db: handle.db,
    config,
    clock,
    log: overrides.log ?? silentLogger,
    mailer: 'reserve' in mailer ? (mailer as PacedMailer) : pacedMailer(mailer, createPacer(config.sendRate)),
    summarizer: overrides.summarizer ?? null,
    translator: overrides.translator ?? null,
  };
  const runner = createEngine(core, { sleep: async () => {}, ...overrides.engine });
  const drainer = createDrainer(core, { sleep: async () => {} });
  const deps: AppDeps = {
    ...core,
    dispatcher: overrides.dispatcher ?? runner,
    drainer: overrides.drainer ?? drainer,
    // Each app its own, as each Node process has its own.
    subscribeLimiter: overrides.subscribeLimiter ?? new FixedWindowLimiter({ ...SUBSCRIBE_RATE, clock }),
    signInLimiter: overrides.signInLimiter ?? new FixedWindowLimiter({ ...SIGN_IN_RATE, clock }),
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    clock,
    mailer,
    runner,
    drainer,
    dir,
    dbPath,
    sqlite: handle.sqlite,
    drained: () => drainer.idle(),
    async admin(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${ADMIN_TOKEN}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return app.request(`/api/admin${path}`, { ...init, headers, body });
    },
    close() {
      void drainer.stop();
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
