/**
 * Test fixtures: the seed edition (#0058) as a full `Edition` row, variants of it, and readers.
 * The edition's text comes from emails/components/preview-data.ts, itself taken from
 * the seed edition the product was designed from, so tests and `email dev` show the same email.
 */
import type { Edition, TldrSource } from '../../src/db/schema.js';
import type { Recipient, VariantInput } from '../../src/render/types.js';
import { seedEdition, seedPersonas, seedTldr } from '../../emails/components/preview-data.js';

/** The seed edition as the editions table would return it. */
export const seedRow: Edition = {
  id: 58,
  ...seedEdition,
  language: 'en',
  translate: false,
  status: 'draft',
  statusReason: null,
  scheduledAt: null,
  sendId: null,
  sendStartedAt: null,
  sentAt: null,
  createdAt: '2026-04-21T06:00:00.000Z',
  updatedAt: '2026-04-21T06:00:00.000Z',
};

export const BASE_URL = 'http://localhost:3000';
export const POSTAL = 'Primera Plana · 548 Market St, San Francisco, CA 94104, USA';

/** A variant of the seed edition; `overrides` changes any part of it. */
export function seedVariant(overrides: Partial<VariantInput> = {}): VariantInput {
  return {
    edition: seedRow,
    publication: 'Primera Plana',
    baseUrl: BASE_URL,
    postalAddress: POSTAL,
    persona: seedPersonas[0],
    personas: seedPersonas,
    tldr: seedTldr,
    language: 'en',
    ...overrides,
  };
}

/** The seed variant with its TL;DR credited to `source`. */
export function variantWithSource(source: TldrSource): VariantInput {
  return seedVariant({ tldr: { ...seedTldr, source } });
}

/** A reader with well-formed links built from `token`. */
export function reader(token = 'tok123', overrides: Partial<Recipient> = {}): Recipient {
  const readAsUrls: Record<string, string> = {};
  for (const p of seedPersonas) readAsUrls[p.slug] = `${BASE_URL}/editions/${seedRow.slug}?as=${p.slug}&t=${token}`;
  return {
    name: 'Ana',
    email: 'ana@example.com',
    unsubscribeUrl: `${BASE_URL}/unsubscribe/${token}`,
    preferencesUrl: `${BASE_URL}/preferences/${token}`,
    readAsUrls,
    webUrl: `${BASE_URL}/editions/${seedRow.slug}?t=${token}`,
    ...overrides,
  };
}

export { seedPersonas, seedTldr };
