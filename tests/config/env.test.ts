/** Number variables: defaults when unset or empty, one readable error per bad value; the admin token's alphabet. */
import { describe, expect, it } from 'vitest';
import { parseEnv, toAppConfig } from '../../src/config/config.js';

const secrets = { adminToken: 'a'.repeat(32), tokenSecret: 'b'.repeat(32) };
const config = (env: Record<string, string>) => toAppConfig(parseEnv(env), secrets);

describe('number variables', () => {
  it('take their defaults when unset or empty, and the value when given', () => {
    expect(config({})).toMatchObject({ sendRate: 2, sendConcurrency: 2, sendGraceMinutes: 60 });
    expect(config({ SEND_RATE: '', SEND_CONCURRENCY: ' ' })).toMatchObject({ sendRate: 2, sendConcurrency: 2 });
    expect(config({ SEND_RATE: '100' })).toMatchObject({ sendRate: 100, sendConcurrency: 4 });
    expect(config({ SEND_RATE: '0.5', SEND_CONCURRENCY: '64' })).toMatchObject({ sendRate: 0.5, sendConcurrency: 64 });
    expect(config({})).toMatchObject({ retentionDays: 90 });
    expect(config({ RETENTION_DAYS: '365' })).toMatchObject({ retentionDays: 365 });
  });

  it.each([
    ['SEND_RATE', '0', /SEND_RATE.*must be a positive number, got "0"/],
    ['SEND_RATE', 'fast', /SEND_RATE.*must be a positive number, got "fast"/],
    ['SEND_CONCURRENCY', '0', /SEND_CONCURRENCY.*must be a whole number from 1 to 64, got "0"/],
    ['SEND_CONCURRENCY', '2.5', /SEND_CONCURRENCY.*must be a whole number from 1 to 64, got "2.5"/],
    ['SEND_CONCURRENCY', '65', /SEND_CONCURRENCY.*must be a whole number from 1 to 64, got "65"/],
    ['RETENTION_DAYS', '0', /RETENTION_DAYS.*must be a positive number, got "0"/],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });
});

describe('ADMIN_TOKEN', () => {
  it('must be a token the bearer-auth middleware can match (RFC 6750 b64token characters)', () => {
    expect(parseEnv({ ADMIN_TOKEN: 'pp_admin_AbC-123.~+/xyz==' }).ADMIN_TOKEN).toBe('pp_admin_AbC-123.~+/xyz==');
    expect(() => parseEnv({ ADMIN_TOKEN: 'has spaces in the middle' })).toThrow(/ADMIN_TOKEN.*may hold only letters, digits/);
    expect(() => parseEnv({ ADMIN_TOKEN: 'quote"and;semicolon!!' })).toThrow(/ADMIN_TOKEN.*may hold only letters, digits/);
    expect(() => parseEnv({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN.*at least 16/);
  });
});

describe('TRUSTED_PROXY', () => {
  it('is unset by default (the socket address is the client), or the header a proxy sets, lower-cased', () => {
    expect(config({}).trustedProxy).toBeUndefined();
    expect(config({ TRUSTED_PROXY: ' X-Forwarded-For ' }).trustedProxy).toBe('x-forwarded-for');
    expect(config({ TRUSTED_PROXY: 'cf-connecting-ip' }).trustedProxy).toBe('cf-connecting-ip');
  });

  it('refuses what is not a header name', () => {
    expect(() => parseEnv({ TRUSTED_PROXY: 'x forwarded for' })).toThrow(/TRUSTED_PROXY.*header name/);
    expect(() => parseEnv({ TRUSTED_PROXY: 'x-forwarded-for:' })).toThrow(/TRUSTED_PROXY.*header name/);
  });
});
