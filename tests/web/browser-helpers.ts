/**
 * Real-browser helpers: the app served over HTTP on 127.0.0.1 (port 0), headless Chromium, and
 * a reader for the local outbox's .eml files (base64 MIME parts).
 */
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
export const chromiumAvailable = existsSync(CHROMIUM);

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
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
