/**
 * Seeded randomness for tests. A randomised test takes its seed from an environment variable when
 * set, picks one otherwise, and prints it, so any failure can be replayed exactly.
 */
import { randomInt } from 'node:crypto';

/** mulberry32 (Tommy Ettinger, as published by bryc): a small 32-bit PRNG giving numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seed in `value` (an unsigned 32-bit decimal), or a fresh one when it is unset or empty.
 * A value that is set but unusable throws rather than silently running another sequence.
 */
export function seedFrom(value: string | undefined, name: string): number {
  if (value === undefined || value === '') return randomInt(2 ** 32);
  if (!/^\d{1,10}$/.test(value) || Number(value) >= 2 ** 32) throw new Error(`${name} must be an integer from 0 to 4294967295, got "${value}"`);
  return Number(value);
}
