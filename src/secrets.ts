/**
 * Secrets a fresh install generates once and keeps in its data folder (mode 0600). A secret given
 * in the environment is used as it is and never written to disk.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Secrets {
  adminToken: string;
  tokenSecret: string;
}

export interface LoadedSecrets extends Secrets {
  /** Where the admin token came from: the environment, the data folder, or generated just now. */
  adminTokenSource: 'environment' | 'stored' | 'generated';
  file: string;
}

export function loadOrCreateSecrets(dataDir: string, given: Partial<Secrets>): LoadedSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const keep: Partial<Secrets> = { ...stored };
  let adminTokenSource: LoadedSecrets['adminTokenSource'] = 'environment';
  if (!given.adminToken) {
    adminTokenSource = stored.adminToken ? 'stored' : 'generated';
    keep.adminToken ??= `pp_admin_${randomBytes(24).toString('base64url')}`;
  }
  if (!given.tokenSecret) keep.tokenSecret ??= randomBytes(32).toString('base64url');
  if (keep.adminToken !== stored.adminToken || keep.tokenSecret !== stored.tokenSecret) {
    writeFileSync(file, JSON.stringify(keep, null, 2), { mode: 0o600 });
  }
  return {
    adminToken: given.adminToken ?? keep.adminToken!,
    tokenSecret: given.tokenSecret ?? keep.tokenSecret!,
    adminTokenSource,
    file,
  };
}

/** A token as logs may show it: enough to tell which one it is, not enough to use it. */
export function maskSecret(secret: string): string {
  return secret.length <= 12 ? '…' : `${secret.slice(0, 9)}…${secret.slice(-4)}`;
}
