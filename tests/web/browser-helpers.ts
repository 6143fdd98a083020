/**
 * Real-browser helpers: the app served over HTTP on 127.0.0.1 (port 0), headless Chromium, and
 * a reader for the local outbox's .eml files (mailparser, as a mail client would read them).
 *
 * A missing Chromium fails the browser tests rather than skipping them: a skip is easy to miss in
 * a green run, and a CI runner that lacks the browser (and does not set CI) would otherwise never
 * run them. Skipping is an explicit choice, SKIP_BROWSER_TESTS=1, and it is printed.
 */
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type HeaderValue } from 'mailparser';
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
  /** Header values as a mail client shows them (decoded, unfolded), by lower-case name. */
  headers: Record<string, string>;
  /** The header section as written, folded lines and encoded words included. */
  rawHeaders: string;
  html: string;
  text: string;
}

/**
 * One header as a line of text: mailparser's decoded value where it is text or addresses, else
 * the value as written, unfolded (List-* headers, which mailparser turns into a `list` object).
 */
function headerText(parsed: HeaderValue | undefined, line: string): string {
  if (typeof parsed === 'string') return parsed;
  if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed.join(', ');
  if (parsed && typeof parsed === 'object' && 'text' in parsed && typeof parsed.text === 'string') return parsed.text;
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** Parses one RFC 5322 message with mailparser, whatever transfer encodings its parts use. */
export async function parseEml(eml: Buffer): Promise<ParsedEml> {
  const mail = await simpleParser(eml);
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) headers[key] = headerText(mail.headers.get(key), line);
  const raw = eml.toString('latin1');
  return { headers, rawHeaders: raw.slice(0, raw.indexOf('\r\n\r\n')), html: mail.html || '', text: mail.text ?? '' };
}

/** The outbox's messages to `to`, oldest first. */
export async function outboxFor(dir: string, to: string): Promise<ParsedEml[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  const mails = await Promise.all(files.map((f) => parseEml(readFileSync(join(dir, f)))));
  return mails.filter((m) => m.headers.to === to);
}
