/** `GET /feed.xml`: RSS 2.0 of the sent editions, newest first. */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { listSentEditions, type PublicEdition } from './store.js';

/** How many editions the feed carries. */
export const FEED_SIZE = 50;

// XML 1.0 allows tab, LF, CR and most of Unicode; anything else makes the document invalid.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Escapes text for XML element content and attribute values. */
export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** RFC 822 date-time (as RSS 2.0 requires), e.g. "Tue, 21 Apr 2026 09:00:00 GMT". */
export function rfc822(iso: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  return (Number.isNaN(d.getTime()) ? new Date(0) : d).toUTCString();
}

const published = (e: PublicEdition) => e.sentAt ?? e.date;

/** The feed document. Pure, for tests. */
export function renderFeed(opts: { publication: string; baseUrl: string; editions: PublicEdition[]; now: Date }): string {
  const { publication, baseUrl, editions, now } = opts;
  const el = (name: string, value: string) => `<${name}>${xmlEscape(value)}</${name}>`;
  const items = editions.map((e) => {
    const url = `${baseUrl}/editions/${encodeURIComponent(e.slug)}`;
    return [
      '    <item>',
      `      ${el('title', e.title)}`,
      `      ${el('link', url)}`,
      `      <guid isPermaLink="true">${xmlEscape(url)}</guid>`,
      `      ${el('pubDate', rfc822(published(e)))}`,
      `      ${el('description', e.dek)}`,
      ...(e.section ? [`      ${el('category', e.section)}`] : []),
      '    </item>',
    ].join('\n');
  });
  const latest = editions[0];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    ${el('title', publication)}`,
    `    ${el('link', `${baseUrl}/editions`)}`,
    `    ${el('description', `Every edition of ${publication}, with a TL;DR for the reader you are.`)}`,
    `    ${el('language', latest?.language ?? 'en')}`,
    `    ${el('lastBuildDate', rfc822(latest ? published(latest) : now.toISOString()))}`,
    `    <atom:link href="${xmlEscape(`${baseUrl}/feed.xml`)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

export function feedRoutes({ db, config, clock }: AppDeps) {
  return new Hono().get('/feed.xml', async (c) => {
    const xml = renderFeed({
      publication: config.publication,
      baseUrl: config.baseUrl,
      editions: await listSentEditions(db, FEED_SIZE),
      now: clock.now(),
    });
    return c.body(xml, 200, { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  });
}
