/**
 * Erasure leaves nothing personal behind, whether the reader's editions are folded already, still
 * recent, or folded after the erasure: not the address, the name, the subscriber id, the provider
 * ids of their emails, nor the signed tokens of the links they clicked. The numbers stay.
 */
import { afterEach, expect, it } from 'vitest';
import { tick } from '../../src/delivery/scheduler.js';
import { readSeedMarkdown } from '../../src/editions/seed.js';
import { newWebhookSecret } from '../fakes/resend-server.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';
import { dumpDatabase, giveFeedback, hook, hrefs, LANGUAGES, PERSONAS, replay } from './helpers.js';

const DAY = 24 * 3600_000;
let t: TestApp;
afterEach(() => t?.close());

it('an erased subscriber leaves nothing personal behind, folded or not, and the numbers stay', async () => {
  const secret = newWebhookSecret();
  t = await makeTestApp({ config: { resendWebhookSecret: secret, sendRate: 1000 } });
  const mail = t.mailer as RecordingMailer;
  await seedSubscribers(t.deps.db, 120, { personas: PERSONAS, languages: LANGUAGES });
  const created = await t.admin('/subscribers', { method: 'POST', json: { email: 'zelda.quill@example.org', name: 'Zelda Quixotic', persona: 'engineer', language: 'es' } });
  const zelda = (await created.json()) as { id: string };
  const md = readSeedMarkdown().replace(/^number: \d+$/m, 'number: 59').replace(/^title: .*$/m, 'title: "The second edition"');
  expect((await t.admin('/editions', { method: 'POST', body: md, headers: { 'content-type': 'text/markdown' } })).status).toBe(201);

  /** Zelda reads an edition thoroughly: delivered, opened, every link clicked; other readers too. */
  const readEdition = async (editionId: number) => {
    expect((await t.admin(`/editions/${editionId}/send`, { method: 'POST', json: {} })).status).toBe(202);
    await t.runner.idle();
    const i = mail.sent.findIndex((m) => m.to === 'zelda.quill@example.org' && m.tags?.some((x) => x.name === 'edition' && x.value === String(editionId)));
    const m = mail.sent[i];
    const input = { email_id: `rec-${i}`, to: m.to, tags: Object.fromEntries(m.tags!.map((x) => [x.name, x.value])) };
    await hook(t, secret, 'email.bounced', { ...input, bounceType: 'Transient' });
    await hook(t, secret, 'email.delivered', input);
    await hook(t, secret, 'email.opened', input);
    for (const link of hrefs(m.html)) await hook(t, secret, 'email.clicked', { ...input, link });
    // The others' feedback is random; Zelda's is the test's own (a random bounce or complaint
    // would suppress her before edition 2, which the test needs her to receive).
    await giveFeedback(t, secret, editionId, undefined, ['zelda.quill@example.org']);
    return { providerId: `rec-${i}`, links: hrefs(m.html) };
  };

  const first = await readEdition(1);
  t.clock.advance(91 * DAY);
  await tick(t.deps, t.runner); // edition 1 folded
  const second = await readEdition(2);
  // Zelda leaves through edition 2's link.
  const unsubscribe = second.links.find((l) => l.includes('/unsubscribe/'))!;
  expect((await t.app.request(new URL(unsubscribe).pathname, { method: 'POST' })).status).toBe(200);
  const stats = async () => [await (await t.admin('/editions/1/stats')).json(), await (await t.admin('/editions/2/stats')).json()];
  const before = await stats();

  expect((await t.admin(`/subscribers/${zelda.id}`, { method: 'DELETE' })).status).toBe(204);

  // Every signed token of their links, and the subscriber id it carries (base64url inside it).
  const tokens = [...first.links, ...second.links].flatMap((l) => [...l.matchAll(/([\w-]{16,})\.([\w-]{22})/g)].flatMap((x) => [x[0], x[1]]));
  expect(tokens.length).toBeGreaterThan(4);
  const personal = ['zelda', 'Zelda', 'Quixotic', zelda.id, `"${first.providerId}"`, `"${second.providerId}"`, ...tokens];
  const expectNothingPersonal = async () => {
    const dump = await dumpDatabase(t.deps.db);
    for (const p of personal) expect(dump.includes(p), `${p} is still in the database (${replay})`).toBe(false);
  };
  await expectNothingPersonal();
  expect(await stats(), replay).toEqual(before);

  // Folding edition 2 after the erasure keeps both the numbers and the silence.
  t.clock.advance(91 * DAY);
  await tick(t.deps, t.runner);
  await expectNothingPersonal();
  expect(await stats(), replay).toEqual(before);
});
