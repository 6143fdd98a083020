/**
 * The editor's session: a signed cookie holding a random session id and its expiry, nothing
 * stored on the server. The signing key is derived from TOKEN_SECRET with a label of its own (so
 * no reader-link signature can ever pass as a session) and from ADMIN_TOKEN (so a new admin
 * token signs every console session out). Every form carries a token bound to the session and
 * to the form's action: a forged request needs the session's id, which never leaves the cookie.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppConfig } from '../config/config.js';
import type { Clock } from '../deps.js';

/** The cookie's name. */
export const SESSION_COOKIE = 'pp_console';
/** A working day and then some; expiry is inside the signed value, not only in the cookie's Max-Age. */
export const SESSION_SECONDS = 12 * 60 * 60;
/** The console's path: the cookie goes nowhere else (the API never sees it). */
export const CONSOLE_PATH = '/admin';

/** A session as its cookie carries it. */
export interface Session {
  id: string;
  /** Unix seconds. */
  expires: number;
}

type SessionConfig = Pick<AppConfig, 'tokenSecret' | 'adminToken' | 'baseUrl'>;

const hmac = (key: string | Buffer, input: string) => createHmac('sha256', key).update(input).digest();

/** The cookie-signing key: its own label, so it differs from every other use of TOKEN_SECRET. */
export function sessionKey(config: SessionConfig): string {
  return hmac(config.tokenSecret, `primera-plana console session v1\n${config.adminToken}`).toString('base64url');
}

const cookieOptions = (config: SessionConfig) => ({
  path: CONSOLE_PATH,
  httpOnly: true,
  sameSite: 'Strict' as const,
  secure: config.baseUrl.startsWith('https:'),
});

/** Whether `given` is the admin token, compared in constant time (as hashes: lengths may differ). */
export function isAdminToken(given: string, adminToken: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(adminToken));
}

/** Starts a session: sets the signed cookie and returns it. */
export async function startSession(c: Context, config: SessionConfig, clock: Clock): Promise<Session> {
  const session = { id: randomBytes(18).toString('base64url'), expires: Math.floor(clock.now().getTime() / 1000) + SESSION_SECONDS };
  await setSignedCookie(c, SESSION_COOKIE, `${session.id}.${session.expires}`, sessionKey(config), {
    ...cookieOptions(config),
    maxAge: SESSION_SECONDS,
  });
  return session;
}

/** The request's session, if its cookie is genuine and unexpired. */
export async function readSession(c: Context, config: SessionConfig, clock: Clock): Promise<Session | null> {
  const value = await getSignedCookie(c, sessionKey(config), SESSION_COOKIE);
  const m = typeof value === 'string' ? /^([A-Za-z0-9_-]{24})\.(\d{1,12})$/.exec(value) : null;
  if (!m) return null;
  const session = { id: m[1], expires: Number(m[2]) };
  return session.expires * 1000 > clock.now().getTime() ? session : null;
}

/** Ends the session in this browser (the cookie is cleared). */
export function endSession(c: Context, config: SessionConfig): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(config));
}

/** The token the form posting to `action` carries in this session. */
export function formToken(config: SessionConfig, session: Session, action: string): string {
  return hmac(sessionKey(config), `form\n${session.id}\n${action}`).subarray(0, 18).toString('base64url');
}

/** Whether `given` is this session's token for `action`, in constant time. */
export function isFormToken(config: SessionConfig, session: Session, action: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== 24) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(formToken(config, session, action)));
}
