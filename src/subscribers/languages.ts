/** Languages a reader may choose; the TL;DR is written in the reader's language. */
export const LANGUAGES: Record<string, string> = {
  en: 'English',
  es: 'Español',
  pt: 'Português',
  fr: 'Français',
  de: 'Deutsch',
  it: 'Italiano',
  nl: 'Nederlands',
  ca: 'Català',
  pl: 'Polski',
  sv: 'Svenska',
  ja: '日本語',
  zh: '中文',
  ko: '한국어',
  ar: 'العربية',
  he: 'עברית',
  hi: 'हिन्दी',
};

/** Normalises "es-AR", "ES", " pt_BR " to the primary tag; null when unsupported. */
export function normaliseLanguage(raw: string): string | null {
  const tag = raw.trim().toLowerCase().split(/[-_]/)[0];
  return tag in LANGUAGES ? tag : null;
}
