import { randomBytes } from 'node:crypto';

/**
 * Subscriber ids: time-ordered (so lists page in creation order) with 80 random bits
 * (so no id can be guessed from another).
 */
export function newSubscriberId(nowMs: number): string {
  return `sub_${nowMs.toString(36).padStart(9, '0')}${randomBytes(10).toString('hex')}`;
}
