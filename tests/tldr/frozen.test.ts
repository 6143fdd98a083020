/**
 * Once a send has started, its TL;DR variants never change, even when a write that began before
 * the send (an editor's run waiting on Claude, or the editor's PUT) lands after it: a retried
 * batch must be byte-identical to its first try.
 */
import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { editions } from '../../src/db/schema.js';
import { UNMETERED } from '../../src/tldr/plan.js';
import { getVariant, saveEditorVariant, saveGenerated } from '../../src/tldr/store.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
afterEach(() => t?.close());

it('a generated or editor variant written after the send started changes nothing', async () => {
  t = await makeTestApp();
  const ref = { persona: 'engineer', language: 'en' };
  const now = t.clock.now();
  const variant = (text: string) => ({ ...ref, text, why: null, source: 'fallback' as const, ...UNMETERED });
  await saveGenerated(t.deps.db, 1, variant('What the send uses.'), now, 'missing');
  // The send starts (tests write the status directly; the app goes through the lifecycle).
  await t.deps.db.update(editions).set({ status: 'sending' }).where(eq(editions.id, 1));

  await saveGenerated(t.deps.db, 1, { ...variant('A late run of Claude.'), source: 'claude' }, now, 'replace');
  expect((await getVariant(t.deps.db, 1, ref))?.text).toBe('What the send uses.');
  expect(await saveEditorVariant(t.deps.db, 1, ref, { text: 'A late edit.', why: null }, now)).toBeUndefined();
  expect((await getVariant(t.deps.db, 1, ref))?.text).toBe('What the send uses.');

  // Before the send, both still replace it.
  await t.deps.db.update(editions).set({ status: 'draft' }).where(eq(editions.id, 1));
  await saveGenerated(t.deps.db, 1, { ...variant('Claude, in time.'), source: 'claude' }, now, 'replace');
  expect((await getVariant(t.deps.db, 1, ref))?.text).toBe('Claude, in time.');
  expect((await saveEditorVariant(t.deps.db, 1, ref, { text: 'The editor, in time.', why: null }, now))?.text).toBe('The editor, in time.');
});
