/**
 * The part of the Workers runtime's `cloudflare:workers` module this code uses. Declared here
 * rather than by adding @cloudflare/workers-types to the program: its globals (Request, Response,
 * fetch…) would replace Node's in every file, and only src/coordination/ runs in a Durable Object.
 * The shapes are copied from @cloudflare/workers-types (DurableObject, DurableObjectState,
 * DurableObjectStorage).
 */
declare module 'cloudflare:workers' {
  /** A Durable Object's storage (SQLite-backed for the classes wrangler.toml declares). */
  export interface DurableObjectStorage {
    get<T = unknown>(key: string): Promise<T | undefined>;
    put<T>(key: string, value: T): Promise<void>;
    deleteAll(): Promise<void>;
    getAlarm(): Promise<number | null>;
    setAlarm(scheduledTime: number | Date): Promise<void>;
  }

  export interface DurableObjectState {
    readonly storage: DurableObjectStorage;
    blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
  }

  /** Extending it makes a class's public methods callable over RPC from a stub. */
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
    alarm?(): void | Promise<void>;
  }
}
