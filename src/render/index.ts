/**
 * Rendering emails: an edition variant is compiled once and personalised per recipient.
 * This is the module's public surface; the rest of src/render is its machinery.
 */
export { compileVariant, personalise, personaliseParts, publicLinks, renderDirect, subjectFor } from './compile.js';
export { Assembled } from './slots.js';
export { renderConfirmEmail, CONFIRM_EXPIRY_DAYS, type ConfirmInput } from './confirm.js';
export { renderAlreadySubscribedEmail, type AlreadySubscribedInput } from './already-subscribed.js';
export { RenderError, escapeHtml } from './escape.js';
export {
  headerSafe,
  listIdFor,
  messageHeaders,
  slugify,
  type ListIdentity,
  type MessageHeaderInput,
} from './headers.js';
export {
  markdownToEmailHtml,
  readingMinutes,
  safeLinkHref,
  wordCount,
  WORDS_PER_MINUTE,
} from '../../emails/components/markdown.js';
export { htmlToText } from './plain-text.js';
export { firstName, firstSentence, formatEditionDate } from '../../emails/components/text.js';
export { greetingLine } from './slots.js';
export { shareUrls } from '../../emails/components/closing.js';
export { tldrKicker, tldrSourceLabel } from '../../emails/components/tldr.js';
export { translationLine } from '../../emails/components/translation.js';
export type {
  CompiledVariant,
  EditionContent,
  PersonaRef,
  PublicLinks,
  ReaderView,
  Recipient,
  RenderedEmail,
  TldrContent,
  TranslationContent,
  VariantInput,
} from './types.js';
