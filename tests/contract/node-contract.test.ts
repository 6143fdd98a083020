import { it } from 'vitest';
import { readSeedMarkdown } from '../../src/editions/seed.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/app.js';
import { runAdminContract } from './admin-contract.js';

it('the admin contract holds on Node', async () => {
  const t = await makeTestApp();
  try {
    await runAdminContract(async (path, init = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      if (init.auth !== false) headers.authorization = `Bearer ${init.auth ?? ADMIN_TOKEN}`;
      let body = init.body;
      if (init.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(init.json);
      }
      return t.app.request(path, { method: init.method ?? 'GET', headers, body, duplex: 'half' } as RequestInit);
    }, readSeedMarkdown());
  } finally {
    t.close();
  }
});
