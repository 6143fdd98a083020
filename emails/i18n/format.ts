/**
 * Dates, units and plurals through the platform's `Intl`: every locale's rules come with the
 * runtime (Node's full ICU, the Workers runtime), so a catalog never spells a plural by hand.
 */

/**
 * "April 21, 2026" / "21 de abril de 2026" for an edition's `date` (`YYYY-MM-DD` or ISO). Read in
 * UTC: an edition's date is a calendar day, not an instant. An unreadable date is shown as written.
 */
export function formatDate(date: string, locale: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** "9 min" in the locale's own abbreviation. */
export function formatMinutes(locale: string, minutes: number): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(minutes);
}

/** "7 days" / "7 días" / "1 día": the unit's name with the locale's plural. */
export function formatDays(locale: string, days: number): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(days);
}

/** A message per plural category; `other` is required because every locale has it. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * The form of `forms` that the locale's plural rules pick for `n` (falling back to `other`), with
 * `#` replaced by `n` formatted for the locale: `plural('en-US', 3, { one: '# edition', other: '# editions' })`.
 */
export function plural(locale: string, n: number, forms: PluralForms): string {
  const form = forms[new Intl.PluralRules(locale).select(n)] ?? forms.other;
  return form.replace(/#/g, new Intl.NumberFormat(locale).format(n));
}

/**
 * A language's name as the locale writes it: "English", "inglés", "German". Falls back to the code
 * when the runtime does not know the language.
 */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
