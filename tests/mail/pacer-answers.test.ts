/**
 * The pacer where the call leaves from another process than the one that keeps the timeline (on
 * Workers a Durable Object says "go" and an isolate makes the call): when the call reaches the
 * provider is not known when it is told to go, only that it has by the time its answer is back.
 * So the provider's one-second window counts each call until its answer, and a call that reached
 * the provider late (the isolate's event loop busy, a slow network) holds its place that long.
 * On a simulated clock that moves only when every caller waits.
 */
import { expect, it } from 'vitest';
import { createPacer, pacedMailer, UNANSWERED_MS, WINDOW_SLACK_MS } from '../../src/mail/pacer.js';
import type { Mailer, OutgoingEmail, Slot } from '../../src/mail/port.js';
import { simulatedClock } from '../helpers/simulated-clock.js';

const RATE = 2;

/** Calls whose answer came after `t - 1000`: they may have reached the provider within the second before `t`. */
const possiblyWithinSecondBefore = (t: number, answeredAt: number[]) => answeredAt.filter((a) => a > t - 1000).length;

it('counts a call in the window until its answer: a call that reached the provider late holds its place until a second after its answer', async () => {
  const clock = simulatedClock();
  const pacer = createPacer(RATE, clock.now, clock.sleep, { countFrom: 'answer' });
  const left: number[] = [];
  const answeredAt: number[] = [];
  // Call 0 takes 700 ms from "go" to its answer (it reached the provider somewhere in between,
  // maybe at 690 ms); the others 20 ms.
  const call = async (i: number) => {
    const slot = await pacer.reserve('edition');
    await slot();
    left[i] = clock.now();
    await clock.sleep(i === 0 ? 700 : 20);
    answeredAt[i] = clock.now();
    pacer.answered(slot);
  };
  const calls = [0, 1, 2, 3, 4].map(call);
  await clock.runUntil(Infinity);
  await Promise.all(calls);
  // Fewer than RATE calls may have reached the provider in the second before any call leaves.
  for (let i = 0; i < left.length; i++) expect(possiblyWithinSecondBefore(left[i], answeredAt.slice(0, i)), `call ${i}`).toBeLessThan(RATE);
  // Call 2 waits for call 1's answer to be a second old (call 0 may still be within the second),
  // and no longer than the window needs.
  expect(left[2]).toBeGreaterThanOrEqual(answeredAt[1] + 1000);
  expect(left[2]).toBeLessThanOrEqual(answeredAt[1] + 1000 + WINDOW_SLACK_MS);
});

/** A caller that takes the next edition slot and leaves on it; its slot in `slots`, in order of leaving. */
function departer(pacer: ReturnType<typeof createPacer>, now: () => number, slots: Slot[]) {
  return async () => {
    const slot = await pacer.reserve('edition');
    await slot();
    slots.push(slot);
    return now();
  };
}

it('calls still in flight hold their places: the next call leaves a second after the first answer, not before', async () => {
  const clock = simulatedClock();
  const pacer = createPacer(RATE, clock.now, clock.sleep, { countFrom: 'answer' });
  const slots: Slot[] = [];
  const depart = departer(pacer, clock.now, slots);
  const first = Promise.all([depart(), depart()]);
  await clock.runUntil(2000);
  expect(await first).toHaveLength(RATE);
  let thirdLeft: number | undefined;
  const third = depart().then((t) => (thirdLeft = t));
  // The first call's answer comes at 2.5 s.
  const answering = clock.sleep(2500 - clock.now()).then(() => pacer.answered(slots[0]));
  await clock.runUntil(2499);
  expect(thirdLeft).toBeUndefined();
  await clock.runUntil(Infinity);
  await Promise.all([third, answering]);
  expect(thirdLeft).toBeGreaterThanOrEqual(3500);
  expect(thirdLeft).toBeLessThanOrEqual(3500 + WINDOW_SLACK_MS);
});

it('a call never answered (its isolate died) stops counting after UNANSWERED_MS', async () => {
  const clock = simulatedClock();
  const pacer = createPacer(RATE, clock.now, clock.sleep, { countFrom: 'answer' });
  const depart = departer(pacer, clock.now, []);
  const left = Promise.all([depart(), depart(), depart()]);
  await clock.runUntil(Infinity);
  const [first, , third] = await left;
  expect(third).toBeGreaterThanOrEqual(first + UNANSWERED_MS + 1000);
  expect(third).toBeLessThan(first + UNANSWERED_MS + 2000);
});

it('the paced mailer tells the pacer when each call is answered, also when the call fails', async () => {
  const clock = simulatedClock();
  const pacer = createPacer(RATE, clock.now, clock.sleep, { countFrom: 'answer' });
  const answers: number[] = [];
  const answered = pacer.answered.bind(pacer);
  pacer.answered = (slot) => {
    answers.push(clock.now());
    return answered(slot);
  };
  let calls = 0;
  const inner: Mailer = {
    async sendBatch(_emails, options = {}) {
      await options.ready?.();
      await clock.sleep(30);
      if (++calls === 2) throw new Error('connection reset');
      return { kind: 'accepted', ids: ['id'], rejected: [] };
    },
  };
  const mailer = pacedMailer(inner, pacer);
  const one: OutgoingEmail[] = [{ from: 'a@x.com', to: 'b@x.com', subject: 's', html: 'h', text: 't', headers: {} }];
  const sending = (async () => {
    await mailer.sendBatch(one);
    await mailer.sendBatch(one, { ready: await mailer.reserve('edition') }).catch(() => undefined);
  })();
  await clock.runUntil(Infinity);
  await sending;
  expect(answers).toHaveLength(2);
});
