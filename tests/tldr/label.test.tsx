/**
 * The email's TL;DR label is honest: a variant Claude wrote says so; a fallback (stored as such
 * when Claude was unavailable) credits the editor. Stored variant → resolveVariant → rendered email.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tldrSourceLabel } from '../../emails/components/tldr.js';
import { renderDirect } from '../../src/render/index.js';
import { resolveVariant } from '../../src/tldr/plan.js';
import { ensureVariants } from '../../src/tldr/service.js';
import { reader, seedVariant } from '../render/fixtures.js';
import { SEED_EDITION_ID, tldrHarness, type TldrHarness } from './helpers.js';

let h: TldrHarness;
afterEach(async () => {
  await h.close();
});

async function emailFor(source: 'claude' | 'fallback') {
  h = await tldrHarness();
  if (source === 'fallback') h.fake.fail(3, { status: 500 });
  const variants = await ensureVariants(h.t.deps, SEED_EDITION_ID);
  const tldr = resolveVariant(variants, 'everyday', 'en');
  expect(tldr.source).toBe(source);
  return { tldr, email: await renderDirect(seedVariant({ tldr }), reader()) };
}

describe('the TL;DR label in the email', () => {
  it('credits Claude for a variant Claude wrote', async () => {
    const { tldr, email } = await emailFor('claude');
    expect(email.text).toContain(tldrSourceLabel('claude'));
    expect(email.text).toContain('Summarized with Claude');
    expect(email.text).toContain(tldr.why!);
  });

  it('never says Claude for a fallback', async () => {
    const { email } = await emailFor('fallback');
    expect(email.text).toContain(tldrSourceLabel('fallback'));
    expect(email.text).not.toContain('Summarized with Claude');
    expect(email.html).not.toContain('Summarized with Claude');
  });
});
