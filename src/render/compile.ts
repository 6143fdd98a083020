/**
 * Render once per variant, personalise per subscriber.
 *
 * `compileVariant` renders the React Email template a single time, with sentinels where the
 * recipient's values go, and splits the HTML and plain text around them. `personalise` is then
 * string assembly: no React, no regex, a few microseconds per recipient. `renderDirect` renders
 * the template with real values; the two are byte-identical by construction and by test.
 */
import { createElement } from 'react';
import EditionEmail, { type EditionEmailProps } from '../../emails/edition.js';
import { chromeLanguage } from '../../emails/i18n/index.js';
import { RenderError } from './escape.js';
import { headerSafe, listIdFor } from './headers.js';
import { renderEmail } from './plain-text.js';
import {
  Assembled,
  GREETING_SLOT,
  READ_AS_SLOT,
  htmlValues,
  liftBlock,
  makeSentinels,
  slotValues,
  splitOnSentinels,
  textValues,
  toReaderView,
} from './slots.js';
import type { CompiledVariant, ReaderView, RenderedEmail, Recipient, VariantInput } from './types.js';

function checkInput(input: VariantInput): void {
  const slugs = new Set<string>();
  for (const p of input.personas) {
    if (slugs.has(p.slug)) throw new RenderError(`persona "${p.slug}" is listed twice`);
    slugs.add(p.slug);
  }
  if (!slugs.has(input.persona.slug)) throw new RenderError(`persona "${input.persona.slug}" is not among personas`);
}

/**
 * The links every reader of a variant shares: the public web version (what share links point
 * to: no persona, no token, no language, so whoever opens a shared link gets their own) and the
 * subscribe page in the variant's chrome language.
 */
export function publicLinks(input: Pick<VariantInput, 'baseUrl' | 'edition' | 'language'>): { web: string; subscribe: string } {
  return {
    web: `${input.baseUrl}/editions/${encodeURIComponent(input.edition.slug)}`,
    subscribe: `${input.baseUrl}/?lang=${chromeLanguage(input.language)}`,
  };
}

function templateProps(input: VariantInput, reader: ReaderView): EditionEmailProps {
  return {
    publication: input.publication,
    edition: input.edition,
    language: input.language,
    persona: input.persona,
    personas: input.personas,
    tldr: input.tldr,
    translation: input.translation ?? null,
    postalAddress: input.postalAddress,
    links: publicLinks(input),
    reader,
  };
}

function renderWith(input: VariantInput, reader: ReaderView): Promise<RenderedEmail> {
  return renderEmail(createElement(EditionEmail, templateProps(input, reader)));
}

/** The subject line of a variant: the edition's title (in the reader's language when translated), header-safe. */
export function subjectFor(input: Pick<VariantInput, 'edition' | 'translation'>): string {
  return headerSafe(input.translation?.kind === 'translated' ? input.translation.title : input.edition.title);
}

/**
 * Renders a variant once (one React render; the text part is converted from that HTML) with
 * sentinel recipient values, and prepares it for `personalise`.
 * Throws `RenderError` if the template lost or misplaced a recipient value.
 */
export async function compileVariant(input: VariantInput): Promise<CompiledVariant> {
  checkInput(input);
  const readAsSlugs = input.personas.map((p) => p.slug);
  const sentinels = makeSentinels(READ_AS_SLOT + readAsSlugs.length);
  const { html, text } = await renderWith(input, toReaderView(sentinels.values));
  const h = splitOnSentinels(html, sentinels, 'html');
  const t = splitOnSentinels(text, sentinels, 'text');
  return {
    subject: subjectFor(input),
    listId: listIdFor({ section: input.edition.section, publication: input.publication, baseUrl: input.baseUrl }),
    language: chromeLanguage(input.language),
    readAsSlugs,
    htmlGreeting: liftBlock(h, GREETING_SLOT, 'html'),
    html: h.literals,
    htmlSlots: h.slots,
    textGreeting: liftBlock(t, GREETING_SLOT, 'text'),
    text: t.literals,
    textSlots: t.slots,
  };
}

/**
 * One recipient's email from a compiled variant: pure string assembly.
 * Throws `RenderError` for an unusable recipient (empty address, non-http(s) URL, a persona
 * without a "Read it as…" URL) — exactly when `renderDirect` would.
 */
export function personalise(v: CompiledVariant, r: Recipient): RenderedEmail {
  const { html, text } = personaliseParts(v, r);
  return { html: html.toString(), text: text.toString() };
}

/** `personalise`, with each body left as its parts (see `Assembled`); same checks, same result. */
export function personaliseParts(v: CompiledVariant, r: Recipient): { html: Assembled; text: Assembled } {
  const values = slotValues(r, v.readAsSlugs, v.language);
  return {
    html: new Assembled(v.html, v.htmlSlots, htmlValues(values, v.htmlGreeting)),
    text: new Assembled(v.text, v.textSlots, textValues(values, v.textGreeting)),
  };
}

/**
 * The naive path: renders the template with this recipient's real values. What `personalise`
 * must equal byte for byte; used by tests, the benchmark and one-off previews.
 */
export async function renderDirect(input: VariantInput, r: Recipient): Promise<RenderedEmail> {
  checkInput(input);
  const values = slotValues(
    r,
    input.personas.map((p) => p.slug),
    chromeLanguage(input.language),
  );
  return renderWith(input, toReaderView(values));
}
