/**
 * Times as editors enter them: a wall-clock time in their own zone, stored in UTC. The zone
 * arithmetic (offsets, daylight-saving gaps) is @date-fns/tz's, over the runtime's Intl data.
 */
import { TZDate } from '@date-fns/tz';

/** The zones an editor may choose from: UTC first, then the runtime's IANA list. */
export function timeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
}

/**
 * Whether the runtime knows `zone`. Asked of Intl itself rather than of the list above: the list
 * holds one name per zone (ICU's `Asia/Calcutta`), while browsers may report another
 * (`Asia/Kolkata`), and both are the same zone.
 */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The UTC instant of `local` (`YYYY-MM-DDTHH:MM`, what a datetime-local field posts) in `zone`,
 * or why it has none: not a time, an unknown zone, or a time the zone skips (clocks go forward).
 */
export function zonedToUtc(local: string, zone: string): { iso: string } | { error: string } {
  const m = LOCAL.exec(local.trim());
  if (!m) return { error: 'must be a date and time, e.g. 2026-12-01T08:00' };
  if (!isTimeZone(zone)) return { error: `unknown time zone "${zone.slice(0, 40)}"` };
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const at = new TZDate(y, mo - 1, d, h, mi, zone);
  if (Number.isNaN(+at)) return { error: 'must be a real date and time' };
  // TZDate rolls impossible wall times over (31 Feb → 3 Mar; 02:30 on a spring-forward night → 03:30).
  if (at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== d) return { error: 'must be a real date' };
  if (at.getHours() !== h || at.getMinutes() !== mi) return { error: `${local} does not exist in ${zone} (the clocks go forward then)` };
  return { iso: new Date(+at).toISOString() };
}
