import { expect } from 'vitest';

/** Asserts a JSON error answer `{error:{code,message}}` with this status and code; returns the error. */
export async function expectError(res: Response, status: number, code: string, mentions?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  if (mentions) expect(body.error.message).toMatch(mentions);
  return body.error;
}
