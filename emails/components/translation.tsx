/**
 * The line over an article shown in another language than the one it was written in: who
 * translated it, with a link to the original; or, when the edition asked for a translation that
 * could not be used, that this is the original and in which language.
 */
import { Link, Text } from '@react-email/components';
import { languageName, type Catalog } from '../i18n/index.js';
import { smallPrint } from './text-styles.js';
import { cls, color } from './theme.js';
import type { TranslationContent } from './types.js';

/** The line's words, in the chrome's language: the credit (or the note) and the link's text. */
export function translationLine(t: Catalog, translation: TranslationContent, originalLanguage: string): { text: string; link: string | null } {
  const from = languageName(originalLanguage, t.meta.locale);
  if (translation.kind === 'untranslated') return { text: t.article.untranslated(languageName(translation.language, t.meta.locale), from), link: null };
  return { text: t.article.translated[translation.source](from), link: t.article.readOriginal };
}

/** Props of the translation line. */
export interface TranslationNoteProps {
  t: Catalog;
  translation: TranslationContent;
  /** The edition's own language. */
  originalLanguage: string;
}

/** "Translated from English by Claude · Read the original", under the byline. */
export function TranslationNote({ t, translation, originalLanguage }: TranslationNoteProps) {
  const line = translationLine(t, translation, originalLanguage);
  return (
    <Text className={cls.muted} style={{ margin: '0 0 24px', ...smallPrint, fontStyle: 'italic' }}>
      {line.text}
      {translation.kind === 'translated' && line.link ? (
        <>
          {' · '}
          <Link href={translation.originalUrl} hrefLang={originalLanguage} className={cls.muted} style={{ color: color.muted, textDecoration: 'underline' }}>
            {line.link}
          </Link>
        </>
      ) : null}
    </Text>
  );
}
