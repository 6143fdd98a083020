/** Secrets a fresh install generates once and keeps in its data folder (mode 0600). */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Secrets {
  adminToken: string;
  tokenSecret: string;
}

export function loadOrCreateSecrets(dataDir: string, given: Partial<Secrets>): Secrets & { generated: boolean } {
  const file = join(dataDir, 'secrets.json');
  const stored: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets = {
    adminToken: given.adminToken ?? stored.adminToken ?? `pp_admin_${randomBytes(24).toString('base64url')}`,
    tokenSecret: given.tokenSecret ?? stored.tokenSecret ?? randomBytes(32).toString('base64url'),
  };
  const missing = !stored.adminToken || !stored.tokenSecret;
  if (missing) {
    writeFileSync(file, JSON.stringify({ adminToken: stored.adminToken ?? secrets.adminToken, tokenSecret: stored.tokenSecret ?? secrets.tokenSecret }, null, 2), { mode: 0o600 });
  }
  return { ...secrets, generated: missing };
}
