import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { consoleLogger } from '../../src/deps.js';
import type { Progress } from '../../src/delivery/plan.js';

let t: TestApp;
afterEach(() => t?.close());

async function addSubscribers(t: TestApp, n: number, persona = 'everyday') {
  for (let i = 0; i < n; i++) {
    const r = await t.admin('/subscribers', { method: 'POST', json: { email: `reader${i}@example.com`, name: `Reader ${i}`, persona } });
    expect(r.status).toBe(201);
  }
}

describe('send', () => {
  it('sends every active subscriber exactly one email, in batches of 100', async () => {
    t = await makeTestApp({ log: consoleLogger });
    await addSubscribers(t, 250);
    const res = await t.admin('/editions/1/send', { method: 'POST', json: {} });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'sending' });
    await t.runner.idle();
    const mailer = t.mailer as RecordingMailer;
    expect(mailer.sent).toHaveLength(250);
    expect(new Set(mailer.sent.map((m) => m.to)).size).toBe(250);
    expect(mailer.calls).toBe(3);
    const p = (await (await t.admin('/editions/1/progress')).json()) as Progress;
    expect(p).toMatchObject({ status: 'sent', total: 250, sent: 250, queued: 0, failed: 0, skipped: 0 });
    const m = mailer.sent[0];
    expect(m.headers['List-Unsubscribe']).toMatch(/^<https:\/\/news\.example\.com\/unsubscribe\/[^>]+>$/);
    expect(m.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(m.headers['List-Id']).toMatch(/^<the-ai-landscape\.primera-plana\.news\.example\.com>$/);
    expect(m.text).toContain('1 Test Street');
    expect(m.html).toContain('https://news.example.com/assets/editions/0058.png');
    // A second send call never sends twice.
    const again = await t.admin('/editions/1/send', { method: 'POST', json: {} });
    expect(again.status).toBe(409);
    await t.runner.idle();
    expect(mailer.sent).toHaveLength(250);
    const rows = t.deps.db.all(sql`select count(*) as n from deliveries`) as unknown as { n: number }[];
    expect(rows[0].n).toBe(250);
  });
});
