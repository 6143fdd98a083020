/** @jsxImportSource hono/jsx */
/**
 * An edition's translations, beside its TL;DRs: the grid's "whole edition" row (each language's
 * translation, its source, flag reason and cost) and `GET/POST …/translations/:lang` (the
 * editor's own translation, which Claude never overwrites). Asking Claude for them is on the
 * TL;DR page's routes (tldrs.tsx), which answer with the grid.
 */
import { Hono } from 'hono';
import { isEditable } from '../../editions/lifecycle.js';
import { LANGUAGES } from '../../subscribers/languages.js';
import type { toTranslationView } from '../../translation/routes.js';
import type { TranslationCostSummary } from '../../translation/store.js';
import { isLanguageCode, splitError } from '../forms.js';
import type { ConsoleEnv } from '../guard.js';
import { ConsoleLayout, PostForm, sendConsolePage, type Frame } from '../layout.js';
import { Badge, Field, Notice, type FieldErrors } from '../ui.js';
import { EditionHead, EditionTabs, loadEdition, type EditionCtx, type EditionView } from './common.js';

/** A translation as the API shows it. */
export type Translation = ReturnType<typeof toTranslationView>;
/** `GET /api/admin/editions/:id/translations`. */
export interface Translations {
  translate: boolean;
  data: Translation[];
  totals: TranslationCostSummary;
}

const SOURCE_LABEL = { claude: 'Claude', editor: 'Editor', fallback: 'Original' } as const;
const usd = (n: number) => `$${n.toFixed(4)}`;

/** The grid's first row: the whole edition in each language (the edition's own is the original). */
export function TranslationRow(props: { frame: Frame; edition: EditionView; languages: string[]; translations: Translations }) {
  const { frame, edition, languages, translations } = props;
  const open = isEditable(edition.status);
  const action = `/admin/editions/${edition.id}/translations`;
  return (
    <tr>
      <th scope="row">
        The whole edition
        <span class="meta">{translations.translate ? 'translated for readers of other languages' : 'not translated: every reader gets the original'}</span>
      </th>
      {languages.map((lang) => {
        const t = translations.data.find((x) => x.language === lang);
        const id = `t-${lang}`;
        if (lang === edition.language) {
          return (
            <td id={id}>
              <Badge kind="info">Original</Badge>
              <p class="tldr-text">{edition.title}</p>
            </td>
          );
        }
        const edit = `/admin/editions/${edition.id}/translations/${lang}`;
        return (
          <td id={id}>
            {t ? (
              <>
                <Badge kind={t.source}>{SOURCE_LABEL[t.source]}</Badge> {t.flagged ? <Badge kind="flagged">flagged</Badge> : null}
                {t.flagReason ? <p class="meta">Flag: {t.flagReason} (readers of this language get the original)</p> : null}
                <p class="tldr-text" lang={lang}>
                  {t.title}
                </p>
                <p class="meta">{t.model || t.costUsd ? `${usd(t.costUsd)} · ${t.outputTokens} tokens out${t.model ? ` · ${t.model}` : ''}` : 'No Claude call · $0'}</p>
              </>
            ) : (
              <p class="muted">Not translated.</p>
            )}
            {open ? (
              <div class="row-actions">
                <a href={edit}>
                  {t ? 'Edit' : 'Translate it yourself'}
                  <span class="vh"> ({LANGUAGES[lang] ?? lang})</span>
                </a>
                {t ? (
                  <PostForm frame={frame} action={action} class="inline">
                    <input type="hidden" name="regenerate" value={lang} />
                    <button type="submit" class="secondary small">
                      Translate again<span class="vh"> into {LANGUAGES[lang] ?? lang}</span>
                    </button>
                  </PostForm>
                ) : null}
              </div>
            ) : null}
          </td>
        );
      })}
    </tr>
  );
}

function EditTranslationPage(props: { frame: Frame; edition: EditionView; lang: string; values: { title: string; dek: string; body: string }; errors: FieldErrors; problem?: string }) {
  const { frame, edition, lang, values, errors, problem } = props;
  const name = LANGUAGES[lang] ?? lang;
  return (
    <ConsoleLayout frame={frame} title={`Translation · ${name}`}>
      <EditionHead edition={edition} page={`The edition in ${name}`} />
      <EditionTabs edition={edition} current="/tldrs" />
      {problem ? <Notice kind="alert">{problem}</Notice> : null}
      <section class="card">
        <PostForm frame={frame} action={`/admin/editions/${edition.id}/translations/${lang}`}>
          <Field name="title" label="Title" value={values.title} errors={errors} required attrs={{ lang }} />
          <Field name="dek" label="Dek" value={values.dek} errors={errors} attrs={{ lang }} />
          <Field name="body" label="Body (Markdown)" area="code" value={values.body} errors={errors} required attrs={{ lang }} hint="Your translation wins: Claude never overwrites it." />
          <div class="actions">
            <button type="submit">Save translation</button>
            <a href={`/admin/editions/${edition.id}/tldrs`}>Cancel</a>
          </div>
        </PostForm>
      </section>
    </ConsoleLayout>
  );
}

/** The editor's own translation, mounted under `/admin/editions`. */
export function translationRoutes() {
  return new Hono<ConsoleEnv>()
    .on(['GET', 'POST'], '/:id{[0-9]+}/translations/:lang', async (c: EditionCtx) => {
      const edition = await loadEdition(c);
      if (edition instanceof Response) return edition;
      const lang = c.req.param('lang') ?? '';
      if (!isLanguageCode(lang) || lang === edition.language) return c.redirect(`/admin/editions/${edition.id}/tldrs`, 303);
      const current = (await c.get('api').get<Translations>(`/editions/${edition.id}/translations`)).data.find((t) => t.language === lang);
      let values = { title: current?.title ?? edition.title, dek: current?.dek ?? edition.dek, body: current?.body ?? edition.body };
      let errors: FieldErrors = {};
      let problem: string | undefined;
      if (c.req.method === 'POST') {
        const form = await c.req.parseBody();
        const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).replace(/\r\n/g, '\n') : '');
        values = { title: text('title'), dek: text('dek'), body: text('body') };
        const r = await c.get('api').call(`/editions/${edition.id}/translations/${lang}`, { method: 'PUT', json: values });
        if (r.ok) return c.redirect(`/admin/editions/${edition.id}/tldrs?done=translation-saved`, 303);
        ({ errors, problem } = splitError(r.error, ['title', 'dek', 'body']));
      }
      return sendConsolePage(c, <EditTranslationPage frame={c.get('frame')} edition={edition} lang={lang} values={values} errors={errors} problem={problem} />, c.req.method === 'POST' ? 400 : 200);
    });
}
