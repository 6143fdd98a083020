/**
 * Real-browser helpers: the app served over HTTP on 127.0.0.1 (port 0), headless Chromium, and
 * a reader for the local outbox's .eml files (base64 MIME parts).
 *
 * A missing Chromium fails the browser tests rather than skipping them: a skip is easy to miss in
 * a green run, and a CI runner that lacks the browser (and does not set CI) would otherwise never
 * run them. Skipping is an explicit choice, SKIP_BROWSER_TESTS=1, and it is printed.
 */
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';

/** Debian's Chromium: the one browser the tests drive. */
export const CHROMIUM = '/usr/bin/chromium';
/** Where screenshots land for a human to look at. */
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

/**
 * Whether `file`'s browser tests are skipped: only when SKIP_BROWSER_TESTS=1, never because
 * Chromium is missing. The skip is printed as a banner so a green run does not hide it.
 */
export function skipBrowserTests(file: string, env: Record<string, string | undefined> = process.env): boolean {
  if (env.SKIP_BROWSER_TESTS !== '1') return false;
  console.warn(`\n${'!'.repeat(72)}\n!! SKIPPED: the browser tests in ${file} (SKIP_BROWSER_TESTS=1).\n!! Unset it to run them; they need ${CHROMIUM}.\n${'!'.repeat(72)}\n`);
  return true;
}

/** Headless Chromium at `path`; fails with how to install it when it is not there. */
export async function launchChromium(path = CHROMIUM): Promise<Browser> {
  if (!existsSync(path)) {
    throw new Error(`${path} not found: install Debian's chromium: apt-get install -y chromium (or set SKIP_BROWSER_TESTS=1 to skip the browser tests on purpose)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: path,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Serves the test app for real and points its public base URL at the server. */
export async function serveApp(t: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  t.deps.config.baseUrl = url;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Fails the test on any console error (a CSP violation shows up there). */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

export interface ParsedEml {
  headers: Record<string, string>;
  rawHeaders: string;
  html: string;
  text: string;
}

/** Parses one RFC 5322 message with a multipart/alternative body of base64 parts. */
export function parseEml(eml: string): ParsedEml {
  const split = eml.indexOf('\r\n\r\n');
  const rawHeaders = eml.slice(0, split);
  const headers: Record<string, string> = {};
  for (const line of rawHeaders.split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')![1];
  const parts = eml.slice(split + 4).split(`--${boundary}`).slice(1, -1);
  const out: ParsedEml = { headers, rawHeaders, html: '', text: '' };
  for (const part of parts) {
    const [head, body] = [part.slice(0, part.indexOf('\r\n\r\n')), part.slice(part.indexOf('\r\n\r\n') + 4)];
    const decoded = /base64/i.test(head) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
    if (/text\/html/i.test(head)) out.html = decoded;
    else if (/text\/plain/i.test(head)) out.text = decoded;
  }
  return out;
}

/** The outbox's messages to `to`, oldest first. */
export function outboxFor(dir: string, to: string): ParsedEml[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(readFileSync(join(dir, f), 'utf8')))
    .filter((m) => m.headers.to === to);
}
