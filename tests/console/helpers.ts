/**
 * Console test plumbing: an editor's session over `app.request` (the cookie kept between
 * requests, same-origin headers as a browser sends them), forms submitted with the token the
 * page gave them, and small readers of the HTML the console answers.
 */
import { expect } from 'vitest';
import { ADMIN_TOKEN, type TestApp } from '../helpers/app.js';
import { freshIp } from '../reader/helpers.js';

/** The origin app.request serves from. */
export const ORIGIN = 'http://localhost';

/** The session cookie pair (`name=value`) a Set-Cookie header sets, or null. */
export function sessionCookie(res: Response): string | null {
  const set = res.headers.get('set-cookie');
  const m = set && /(?:^|,\s*)(pp_console=[^;]*)/.exec(set);
  return m && m[1] !== 'pp_console=' ? m[1] : null;
}

/** The hidden form token of the form posting to `action` in `html`. */
export function formTokenIn(html: string, action: string): string {
  const forms = html.split('<form').slice(1);
  const form = forms.find((f) => f.slice(0, f.indexOf('>')).includes(`action="${action}"`));
  if (!form) throw new Error(`no form posting to ${action} in the page`);
  const m = /name="_csrf" value="([^"]+)"/.exec(form.slice(0, form.indexOf('</form>')));
  if (!m) throw new Error(`the form posting to ${action} has no token`);
  return m[1];
}

/** The text of the element with `id` (tags stripped, whitespace collapsed). */
export function textOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const open = html.lastIndexOf('<', start);
  const tag = /^<([a-z0-9]+)/.exec(html.slice(open))![1];
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(html.indexOf('>', start) + 1, end).replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();
}

export interface Editor {
  cookie: string;
  ip: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** Posts a form the way a browser does: same origin, the session cookie, urlencoded fields. */
  post(path: string, fields: Record<string, string | string[]>, headers?: Record<string, string>): Promise<Response>;
  /** Opens `page`, takes the token of its form posting to `action`, and submits `fields` with it. */
  submit(page: string, action: string, fields?: Record<string, string | string[]>): Promise<Response>;
  html(path: string): Promise<string>;
}

export function encodeForm(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return body.toString();
}

/** Signs in through the form and returns an editor holding the session. */
export async function signIn(t: TestApp, token = ADMIN_TOKEN): Promise<Editor> {
  const ip = freshIp();
  const res = await t.app.request('/admin/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'x-forwarded-for': ip },
    body: encodeForm({ token }),
  });
  expect(res.status, await res.clone().text()).toBe(303);
  const cookie = sessionCookie(res);
  expect(cookie).toBeTruthy();
  const editor: Editor = {
    cookie: cookie!,
    ip,
    get: async (path, headers = {}) => t.app.request(path, { headers: { cookie: editor.cookie, 'x-forwarded-for': ip, ...headers } }),
    post: async (path, fields, headers = {}) =>
      t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie: editor.cookie, 'x-forwarded-for': ip, ...headers },
        body: encodeForm(fields),
      }),
    async submit(page, action, fields = {}) {
      const html = await editor.html(page);
      return editor.post(action, { ...fields, _csrf: formTokenIn(html, action) });
    },
    async html(path) {
      const res = await editor.get(path);
      const body = await res.text();
      expect(res.status, body.slice(0, 2000)).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      return body;
    },
  };
  return editor;
}
