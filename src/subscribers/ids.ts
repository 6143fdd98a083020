import { randomBytes } from 'node:crypto';

/**
 * Subscriber ids: time-ordered (so lists page in creation order) with 80 random bits
 * (so no id can be guessed from another).
 */
export function newSubscriberId(nowMs: number): string {
  return newSubscriberIds(nowMs, 1)[0];
}

/**
 * `count` ids at once, in ascending order, with one call for their randomness (a bulk import
 * makes thousands).
 */
export function newSubscriberIds(nowMs: number, count: number): string[] {
  const prefix = `sub_${nowMs.toString(36).padStart(9, '0')}`;
  const random = randomBytes(10 * count).toString('hex');
  return Array.from({ length: count }, (_, i) => prefix + random.slice(20 * i, 20 * i + 20)).sort();
}
