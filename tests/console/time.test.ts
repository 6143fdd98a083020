/** Times as editors enter them: a wall-clock time in a zone, to the UTC instant stored. */
import { describe, expect, it } from 'vitest';
import { timeZones, zonedToUtc } from '../../src/console/time.js';

describe('zonedToUtc', () => {
  it.each([
    ['2026-12-01T09:00', 'Europe/Madrid', '2026-12-01T08:00:00.000Z'],
    ['2026-07-01T09:00', 'Europe/Madrid', '2026-07-01T07:00:00.000Z'],
    ['2026-11-26T10:30', 'America/New_York', '2026-11-26T15:30:00.000Z'],
    ['2026-12-01T09:00', 'Asia/Kolkata', '2026-12-01T03:30:00.000Z'],
    ['2026-12-01T09:00', 'UTC', '2026-12-01T09:00:00.000Z'],
  ])('%s in %s is %s', (local, zone, iso) => {
    expect(zonedToUtc(local, zone)).toEqual({ iso });
  });

  it.each([
    ['2026-03-29T02:30', 'Europe/Madrid', /does not exist in Europe\/Madrid/],
    ['2026-02-30T09:00', 'UTC', /real date/],
    ['2026-12-01 09:00', 'UTC', /date and time/],
    ['2026-12-01T09:00', 'Mars/Olympus', /unknown time zone/],
    ['2026-12-01T09:00', 'constructor', /unknown time zone/],
  ])('%s in %s is refused', (local, zone, why) => {
    const r = zonedToUtc(local, zone);
    expect('error' in r && r.error).toMatch(why);
  });

  it('offers UTC first, then the runtime’s zones', () => {
    const zones = timeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Madrid');
    expect(new Set(zones).size).toBe(zones.length);
  });
});
