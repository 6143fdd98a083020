/**
 * The transactional lane beside a running edition, on a simulated clock: two edition workers and a
 * drainer that always has work reserve slots concurrently, as they do in the service. Transactional
 * mail gets its share and no more, and the edition keeps every other slot: none is left unused.
 */
import { expect, it } from 'vitest';
import { createPacer, TRANSACTIONAL_SHARE } from '../../src/mail/pacer.js';
import type { Lane } from '../../src/mail/port.js';
import { simulatedClock } from '../helpers/simulated-clock.js';

it('a drainer that always has work takes its share of slots, and the edition every other slot', async () => {
  const RATE = 10;
  const SECONDS = 30;
  const clock = simulatedClock();
  const pacer = createPacer(RATE, clock.now, clock.sleep);
  const calls: { lane: Lane; at: number }[] = [];
  let running = true;
  const worker = async (lane: Lane) => {
    while (running) {
      const ready = await pacer.reserve(lane);
      await ready();
      calls.push({ lane, at: clock.now() });
      await clock.sleep(30); // the provider call itself
    }
  };
  const workers = [worker('edition'), worker('edition'), worker('transactional')];
  await clock.runUntil(SECONDS * 1000);
  running = false;
  await clock.runUntil(Infinity);
  await Promise.all(workers);

  const within = calls.filter((c) => c.at < SECONDS * 1000);
  const count = (lane: Lane) => within.filter((c) => c.lane === lane).length;
  const slots = (SECONDS * RATE) / 1.02;
  console.log(`in ${SECONDS} s at R = ${RATE}: ${count('edition')} edition calls, ${count('transactional')} transactional (${slots.toFixed(0)} slots)`);
  // Never more than the rate in any one second.
  for (let i = RATE; i < calls.length; i++) expect(calls[i].at - calls[i - RATE].at).toBeGreaterThanOrEqual(1000);
  // Transactional mail: its share, not more; and when its lane opens it waits at most for the slots
  // the two edition workers have already reserved.
  expect(count('transactional')).toBeLessThanOrEqual(Math.ceil(slots / TRANSACTIONAL_SHARE) + 1);
  expect(count('transactional')).toBeGreaterThanOrEqual(Math.floor(slots / (TRANSACTIONAL_SHARE + 2)) - 1);
  // The edition: every other slot (less the pacer's cold-start guard), none left unused.
  expect(count('edition') + count('transactional')).toBeGreaterThanOrEqual(Math.floor(slots) - 3);
});
