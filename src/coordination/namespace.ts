/**
 * What the Workers root needs of a Durable Object namespace binding (wrangler.toml's
 * `[[durable_objects.bindings]]`): the one object for a name, reached through a stub whose methods
 * are the class's public methods, each answering a promise (RPC).
 */
export interface ObjectNamespace<Stub> {
  idFromName(name: string): unknown;
  get(id: unknown): Stub;
}

/**
 * The stub of the object called `name`. A fresh stub per call: a stub that saw an exception may be
 * broken for good (Cloudflare's advice), and making one costs no request.
 */
export function objectFor<Stub>(namespace: ObjectNamespace<Stub>, name: string): Stub {
  return namespace.get(namespace.idFromName(name));
}

/** The binding `name` of `env`, checked to be a Durable Object namespace (wrangler.toml declares it). */
export function namespaceBinding<Stub>(env: Record<string, unknown>, name: string): ObjectNamespace<Stub> {
  const value = env[name] as Partial<ObjectNamespace<Stub>> | undefined;
  if (typeof value?.idFromName !== 'function' || typeof value.get !== 'function') {
    throw new Error(`The Durable Object binding ${name} is missing: declare it in wrangler.toml ([[durable_objects.bindings]] and a [[migrations]] entry)`);
  }
  return value as ObjectNamespace<Stub>;
}
