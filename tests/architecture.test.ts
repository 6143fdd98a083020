/**
 * The layout's rules, checked on the sources: each lifecycle's status column has one writer, and
 * each provider SDK is imported by one file. (Import layering is checked by `npm run lint`.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}
const files = sources(join(ROOT, 'src')).map((f) => ({ path: relative(ROOT, f), text: readFileSync(f, 'utf8') }));

/**
 * Every way this codebase writes a status column of a table: query builders (on its drizzle
 * name) and raw SQL (on its SQL name, when that differs).
 */
function statusWrites(text: string, table: string, sqlName = table): string[] {
  const patterns = [
    new RegExp(`\\.update\\(${table}\\)[\\s\\S]{0,300}?\\.set\\(\\{[^}]*\\bstatus\\b`, 'g'),
    new RegExp(`\\.insert\\(${table}\\)[\\s\\S]{0,300}?\\.values\\([^)]*\\bstatus\\b`, 'g'),
    new RegExp(`UPDATE\\s+\`?${sqlName}\`?\\s+SET[^;\`]*?\\bstatus\\s*=`, 'gi'),
    new RegExp(`INSERT\\s+INTO\\s+\`?${sqlName}\`?\\s*\\([^)]*\\bstatus\\b`, 'gi'),
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[0].replace(/\s+/g, ' ').slice(0, 120)));
}

describe('one writer per status', () => {
  it.each([
    ['editions', 'src/editions/lifecycle.ts'],
    ['batches', 'src/delivery/batch-lifecycle.ts'],
    ['deliveries', 'src/delivery/batch-lifecycle.ts'],
    ['transactionalMessages', 'src/transactional/lifecycle.ts', 'transactional_messages'],
  ])('%s.status is written only by %s', (table, owner, sqlName?: string) => {
    const writers = files.filter((f) => statusWrites(f.text, table, sqlName).length > 0).map((f) => f.path);
    expect(writers).toEqual([owner]);
  });

  it('the scan sees the kinds of writes it is looking for', () => {
    expect(statusWrites("db.update(editions).set({ status: 'sent' })", 'editions')).toHaveLength(1);
    expect(statusWrites('db.update(editions)\n  .set({ updatedAt: x, status: to })', 'editions')).toHaveLength(1);
    expect(statusWrites("UPDATE batches SET error = NULL, status = 'failed' WHERE id = 1", 'batches')).toHaveLength(1);
    expect(statusWrites('INSERT INTO deliveries (edition_id, status) VALUES (1, 2)', 'deliveries')).toHaveLength(1);
    expect(statusWrites("db.update(editions).set({ statusReason: 'x' })", 'editions')).toHaveLength(0);
    expect(statusWrites("UPDATE transactional_messages SET status = 'queued'", 'transactionalMessages', 'transactional_messages')).toHaveLength(1);
    expect(statusWrites('db.update(transactionalMessages).set({ status })', 'transactionalMessages', 'transactional_messages')).toHaveLength(1);
  });
});

describe('delivery rows', () => {
  it('are deleted only by folding (src/retention/fold.ts), which checks the send cannot use them', () => {
    const deletes = /\.delete\(deliveries\)|DELETE\s+FROM\s+`?deliveries\b/i;
    expect(files.filter((f) => deletes.test(f.text)).map((f) => f.path)).toEqual(['src/retention/fold.ts']);
  });
});

describe('provider SDKs behind one door', () => {
  const importers = (pkg: string) =>
    files.filter((f) => new RegExp(`(from|import\\()\\s*['"]${pkg}['"]`).test(f.text)).map((f) => f.path);

  it('exactly one file imports resend, inside src/mail/', () => {
    expect(importers('resend')).toEqual(['src/mail/resend.ts']);
  });

  it('exactly one file imports @anthropic-ai/sdk', () => {
    expect(importers('@anthropic-ai/sdk')).toEqual(['src/tldr/anthropic-summarizer.ts']);
  });
});
