/**
 * The console's edition pages over app.request, on a real SQLite file: the list and its empty
 * state, the editor (the API's validation beside the field, nothing stored half-way, only changed
 * fields saved), the preview frame, TL;DR variants, the side-by-side view, a test send, the send
 * confirmation (audience by persona × language, warnings, a time in the editor's zone stored in
 * UTC), progress (page and live stream) and stats.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { editionTranslations, editions, tldrVariants } from '../../src/db/schema.js';
import { makeTestApp, RecordingMailer, type TestApp } from '../helpers/app.js';
import { seedSubscribers } from '../helpers/seed.js';
import { addReaders, MODEL, translationCalls, translationHarness, type TranslationHarness } from '../translation/helpers.js';
import { signIn, textOf, type Editor } from './helpers.js';

let t: TestApp;
let ed: Editor;
afterEach(() => t?.close());

async function setup(options: Parameters<typeof makeTestApp>[0] = {}) {
  t = await makeTestApp(options);
  ed = await signIn(t);
}
const edition = async (id = 1) => (await t.deps.db.select().from(editions).where(eq(editions.id, id)).get())!;

const NEW = { number: '59', date: '2026-11-30', language: 'en', title: 'GPT-5.5 just shipped', dek: 'What changed', section: 'The AI Landscape', author: 'Germán', body: '## What happened\n\nA model shipped.\n', tldr: 'A new model.' };

describe('editions list', () => {
  it('says what to do when there is no edition yet', async () => {
    await setup({ seed: false });
    const html = await ed.html('/admin/editions');
    expect(html).toMatch(/No editions yet/);
    expect(html).toMatch(/href="\/admin\/editions\/new"/);
  });

  it('lists number, title, status; a sending edition shows its progress and counts', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 150);
    let html = await ed.html('/admin/editions');
    expect(html).toContain('Amazon just bet $25 billion');
    expect(html).toMatch(/class="badge b-draft">draft</);
    const res = await t.admin('/editions/1/send', { method: 'POST', json: {} });
    expect(res.status).toBe(202);
    await t.runner.idle();
    html = await ed.html('/admin/editions');
    expect(html).toMatch(/class="badge b-sent">sent</);
    expect(html).toMatch(/role="progressbar"[^>]*aria-valuenow="150"/);
    expect(html).toMatch(/<td class="num">150<\/td>/);
  });
});

describe('edition editor', () => {
  it('creates a draft from the form', async () => {
    await setup();
    const page = await ed.html('/admin/editions/new');
    expect(page).toMatch(/name="number"[^>]*value="59"|value="59"[^>]*name="number"/);
    expect(page).toMatch(/name="date"[^>]*value="2026-11-26"/); // today, by the app's clock
    const res = await ed.submit('/admin/editions/new', '/admin/editions', { ...NEW, 'illustration.src': '/assets/editions/0058.png', 'illustration.alt': 'A picture', 'next.title': 'Next', 'next.url': 'https://example.com/next' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/editions/2?done=created');
    expect(await edition(2)).toMatchObject({ number: 59, title: 'GPT-5.5 just shipped', status: 'draft', illustration: { src: '/assets/editions/0058.png', alt: 'A picture' }, next: { title: 'Next', url: 'https://example.com/next' }, body: '## What happened\n\nA model shipped.\n' });
  });

  it.each([
    ['a missing title', { title: '' }, 'title', /required/],
    ['a day not on the calendar', { date: '2026-02-30' }, 'date', /real date/],
    ['an illustration that is not a URL', { 'illustration.src': 'javascript:alert(1)', 'illustration.alt': 'x' }, 'illustration-src', /http/],
    ['a number that is not one', { number: 'fifty' }, 'number', /number/],
  ])('refuses %s beside the field, and stores nothing', async (_name, change, field, message) => {
    await setup();
    const res = await ed.submit('/admin/editions/new', '/admin/editions', { ...NEW, ...change });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(textOf(html, `${field}-error`)).toMatch(message);
    expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${field}"`));
    // What the editor typed is still there.
    expect(html).toContain('What changed');
    expect((await t.deps.db.select().from(editions)).length).toBe(1);
  });

  it('saves only what changed: a new author keeps the TL;DRs, a new dek discards the generated ones', async () => {
    await setup();
    await t.admin('/editions/1/tldrs', { method: 'POST' });
    const before = (await t.deps.db.select().from(tldrVariants)).length;
    expect(before).toBeGreaterThan(0);
    const page = await ed.html('/admin/editions/1');
    const value = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page)?.[1] ?? '';
    const body = /<textarea[^>]*name="body"[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(page)![1];
    const form = { number: value('number'), date: value('date'), language: 'en', title: value('title').replace(/&#39;/g, "'").replace(/&amp;/g, '&'), dek: value('dek').replace(/&#39;/g, "'").replace(/&amp;/g, '&'), section: value('section'), author: 'Someone Else', slug: value('slug'), tldr: (await edition()).tldr, body: (await edition()).body, 'illustration.src': value('illustration.src'), 'illustration.alt': (await edition()).illustration!.alt, 'illustration.caption': (await edition()).illustration!.caption!, 'next.title': (await edition()).next!.title, 'next.url': value('next.url') };
    expect(body.length).toBeGreaterThan(100);
    let res = await ed.submit('/admin/editions/1', '/admin/editions/1', form);
    expect(res.headers.get('location')).toBe('/admin/editions/1?done=saved');
    expect((await edition()).author).toBe('Someone Else');
    expect((await t.deps.db.select().from(tldrVariants)).length).toBe(before);
    res = await ed.submit('/admin/editions/1', '/admin/editions/1', { ...form, dek: 'A new dek' });
    expect(res.status).toBe(303);
    expect((await t.deps.db.select().from(tldrVariants)).length).toBe(0);
  });

  it('shows a live preview frame: sandboxed, the API’s exact email, framed only by the console', async () => {
    await setup();
    const html = await ed.html('/admin/editions/1?as=engineer&lang=es');
    expect(html).toMatch(/<iframe[^>]*id="preview-frame"[^>]*sandbox=""[^>]*src="\/admin\/editions\/1\/preview\?as=engineer&amp;lang=es"/);
    expect(html).toMatch(/id="width-phone"/);
    const frame = await ed.get('/admin/editions/1/preview?as=engineer&lang=es');
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'self'/);
    const api = await t.admin('/editions/1/preview?as=engineer&lang=es&format=html');
    expect(await frame.text()).toBe(await api.text());
    expect((await ed.get('/admin/editions/1/preview?as=nobody')).status).toBe(400);
    // Only real language codes: an object's own keys, not what every object inherits.
    expect(await ed.html('/admin/editions/1?lang=constructor')).toMatch(/src="\/admin\/editions\/1\/preview\?as=everyday&amp;lang=en"/);
    expect((await ed.get('/admin/editions/1/tldrs/engineer/constructor')).status).toBe(303);
  });

  it('an edition that was sent cannot be edited: the form is disabled, a forced save is refused (409)', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 3);
    await t.admin('/editions/1/send', { method: 'POST', json: {} });
    await t.runner.idle();
    const html = await ed.html('/admin/editions/1');
    expect(html).toMatch(/<fieldset disabled/);
    const res = await ed.submit('/admin/editions/1', '/admin/editions/1', { ...NEW, number: '58' });
    expect(res.status).toBe(409);
    expect(await res.text()).toMatch(/only draft and scheduled editions can be edited/);
  });

  it('a missing edition is a 404 page', async () => {
    await setup();
    const res = await ed.get('/admin/editions/999');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/No such edition/);
  });
});

describe('TL;DR variants', () => {
  it('empty state, write missing, edit one (the editor’s text wins), regenerate, flag reason and cost shown', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 4, { personas: ['engineer', 'engineer', 'investor', 'investor'], languages: ['en', 'es'] });
    let html = await ed.html('/admin/editions/1/tldrs');
    expect(html).toMatch(/No TL;DR written yet/);
    let res = await ed.submit('/admin/editions/1/tldrs', '/admin/editions/1/tldrs');
    expect(res.status).toBe(303);
    html = await ed.html('/admin/editions/1/tldrs');
    for (const cell of ['v-engineer-en', 'v-engineer-es', 'v-investor-en', 'v-investor-es']) expect(textOf(html, cell)).toMatch(/Fallback/);
    res = await ed.submit('/admin/editions/1/tldrs/engineer/es', '/admin/editions/1/tldrs/engineer/es', { text: 'Resumen del editor para ingenieros.', why: 'Porque sí.' });
    expect(res.status).toBe(303);
    html = await ed.html('/admin/editions/1/tldrs');
    expect(textOf(html, 'v-engineer-es')).toMatch(/Editor.*Resumen del editor para ingenieros/);
    // Refused input is shown beside the field.
    res = await ed.submit('/admin/editions/1/tldrs/engineer/es', '/admin/editions/1/tldrs/engineer/es', { text: '' });
    expect(res.status).toBe(400);
    expect(textOf(await res.text(), 'text-error')).toMatch(/required/);
    await t.deps.db.update(tldrVariants).set({ flagged: true, flagReason: 'invented a figure: $7 billion', costUsd: 0.0042 }).where(eq(tldrVariants.persona, 'investor'));
    html = await ed.html('/admin/editions/1/tldrs');
    expect(textOf(html, 'v-investor-en')).toMatch(/invented a figure: \$7 billion/);
    expect(textOf(html, 'v-investor-en')).toMatch(/\$0\.0042/);
    res = await ed.submit('/admin/editions/1/tldrs', '/admin/editions/1/tldrs', { regenerate: 'investor' });
    expect(res.status).toBe(303);
    expect(textOf(await ed.html('/admin/editions/1/tldrs'), 'v-investor-en')).not.toMatch(/invented a figure/);
  });

  it('the side-by-side view frames the email as each persona gets it', async () => {
    await setup();
    const html = await ed.html('/admin/editions/1/compare?lang=es&as=engineer&as=investor');
    const frames = [...html.matchAll(/<iframe[^>]*src="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(frames).toEqual(['/admin/editions/1/preview?as=engineer&lang=es', '/admin/editions/1/preview?as=investor&lang=es']);
    // Without a choice: every persona.
    expect([...(await ed.html('/admin/editions/1/compare')).matchAll(/<iframe/g)]).toHaveLength(4);
  });
});

describe('translations', () => {
  it('the editor turns translation on and off', async () => {
    await setup();
    const e = await edition();
    const form = { number: '58', date: e.date, language: 'en', title: e.title, dek: e.dek, section: e.section, author: e.author, slug: e.slug, tldr: e.tldr, body: e.body, 'illustration.src': e.illustration!.src, 'illustration.alt': e.illustration!.alt, 'illustration.caption': e.illustration!.caption!, 'next.title': e.next!.title, 'next.url': e.next!.url };
    expect((await ed.submit('/admin/editions/1', '/admin/editions/1', { ...form, translate: '1' })).status).toBe(303);
    expect((await edition()).translate).toBe(true);
    expect(await ed.html('/admin/editions/1')).toMatch(/name="translate" value="1" checked/);
    expect((await ed.submit('/admin/editions/1', '/admin/editions/1', form)).status).toBe(303);
    expect((await edition()).translate).toBe(false);
  });

  it('the grid shows the edition in each language; the editor writes one; a flagged one says its readers get the original', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 6, { personas: ['engineer', 'investor'], languages: ['en', 'es', 'pt'] });
    let html = await ed.html('/admin/editions/1/tldrs');
    expect(textOf(html, 't-en')).toMatch(/Original.*Amazon just bet/);
    expect(textOf(html, 't-es')).toMatch(/Not translated/);
    const page = await ed.html('/admin/editions/1/translations/es');
    expect(page).toMatch(/lang="es"/);
    let res = await ed.submit('/admin/editions/1/translations/es', '/admin/editions/1/translations/es', { title: '', dek: '', body: 'Cuerpo.' });
    expect(res.status).toBe(400);
    expect(textOf(await res.text(), 'title-error')).toMatch(/required/);
    res = await ed.submit('/admin/editions/1/translations/es', '/admin/editions/1/translations/es', { title: 'Amazon apuesta 25.000 millones por Anthropic', dek: 'Lo que cambia', body: '## Qué pasó\n\nCuerpo.\n' });
    expect(res.status).toBe(303);
    expect((await edition()).translate).toBe(true);
    html = await ed.html('/admin/editions/1/tldrs');
    expect(textOf(html, 't-es')).toMatch(/Editor.*Amazon apuesta 25\.000 millones/);
    await t.deps.db.insert(editionTranslations).values({ editionId: 1, language: 'pt', title: 'Título', source: 'fallback', flagged: true, flagReason: 'a figure the article does not state' });
    html = await ed.html('/admin/editions/1/tldrs');
    expect(textOf(html, 't-pt')).toMatch(/flagged.*a figure the article does not state.*get the original/);
    expect(textOf(await ed.html('/admin/editions/1/send'), 'warnings')).toMatch(/pt translation is flagged/);
    // Asking Claude (none configured here): the API answers, the grid follows.
    res = await ed.submit('/admin/editions/1/tldrs', '/admin/editions/1/translations');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/editions/1/tldrs?done=translated');
  });
});

describe('translations by Claude (the fake Anthropic server, the real SDK)', () => {
  let h: TranslationHarness;
  // The app is the file's `t`, closed by the file's afterEach; this closes the fake server.
  afterEach(async () => {
    await h?.fake.close();
  });

  it('the editor ticks "translate", asks for the translations, sees Claude’s with their cost, translates one again and previews it', async () => {
    h = await translationHarness();
    t = h.t;
    ed = await signIn(t);
    await addReaders(t, [['everyday', 'en'], ['engineer', 'es'], ['investor', 'fr']]);
    const e = await edition();
    const form = { number: String(e.number), date: e.date, language: 'en', title: e.title, dek: e.dek, section: e.section, author: e.author, slug: e.slug, tldr: e.tldr, body: e.body, 'illustration.src': e.illustration!.src, 'illustration.alt': e.illustration!.alt, 'illustration.caption': e.illustration!.caption!, 'next.title': e.next!.title, 'next.url': e.next!.url };
    expect((await ed.submit('/admin/editions/1', '/admin/editions/1', { ...form, translate: '1' })).status).toBe(303);
    expect(((await (await t.admin('/editions/1/translations')).json()) as { translate: boolean }).translate).toBe(true);
    expect(translationCalls(h.fake)).toHaveLength(0); // ticking the box asks nobody yet

    let html = await ed.html('/admin/editions/1/tldrs');
    expect(html).toMatch(/Translate missing languages/);
    let res = await ed.submit('/admin/editions/1/tldrs', '/admin/editions/1/translations');
    expect(res.headers.get('location')).toBe('/admin/editions/1/tldrs?done=translated');
    expect(translationCalls(h.fake).map((c) => c.ask.to)).toEqual(['es', 'fr']);
    html = await ed.html('/admin/editions/1/tldrs');
    expect(textOf(html, 't-es')).toMatch(new RegExp(`^Claude .*25\\.000 millones de dólares.*\\$0\\.\\d{4} · \\d+ tokens out · ${MODEL}`));
    expect(textOf(html, 't-fr')).toMatch(/^Claude .*25 milliards de dollars/);

    // Again, for one language: the form in the Spanish cell.
    const cell = html.slice(html.indexOf('id="t-es"'), html.indexOf('id="t-fr"'));
    const token = /name="_csrf" value="([^"]+)"/.exec(cell)![1];
    res = await ed.post('/admin/editions/1/translations', { regenerate: 'es', _csrf: token });
    expect(res.status).toBe(303);
    expect(translationCalls(h.fake).map((c) => c.ask.to)).toEqual(['es', 'fr', 'es']);

    // The preview frame shows the Spanish reader the translated edition.
    const preview = await (await ed.get('/admin/editions/1/preview?as=engineer&lang=es')).text();
    expect(preview).toMatch(/25\.000 millones de dólares/);
  });
});

describe('test send', () => {
  it('sends a [TEST] copy to the addresses, as the persona and language chosen', async () => {
    await setup();
    const res = await ed.submit('/admin/editions/1/test', '/admin/editions/1/test', { to: 'ed@example.com\nchief@example.com', as: 'investor', lang: 'es' });
    expect(res.status).toBe(200);
    expect(textOf(await res.text(), 'result')).toMatch(/Sent 2 test copies/);
    const sent = (t.mailer as RecordingMailer).sent;
    expect(sent.map((m) => m.to)).toEqual(['ed@example.com', 'chief@example.com']);
    expect(sent[0].subject).toMatch(/^\[TEST\]/);
  });

  it('a bad address is shown beside the field and nothing is sent', async () => {
    await setup();
    const res = await ed.submit('/admin/editions/1/test', '/admin/editions/1/test', { to: 'ed@example.com, not-an-address', as: 'investor', lang: 'en' });
    expect(res.status).toBe(400);
    expect(textOf(await res.text(), 'to-error')).toMatch(/not a valid address/);
    expect((t.mailer as RecordingMailer).sent).toHaveLength(0);
  });
});

describe('send', () => {
  it('the confirmation shows the audience by persona × language and every warning', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 6, { personas: ['engineer', 'investor'], languages: ['en', 'es', 'en'] });
    await seedSubscribers(t.deps.db, 2, { personas: ['engineer'], status: 'unsubscribed', prefix: 'gone' });
    t.deps.config.postalAddress = 'Primera Plana · set POSTAL_ADDRESS to your mailing address';
    await t.admin('/editions/1/tldrs', { method: 'POST' });
    await t.deps.db.update(tldrVariants).set({ flagged: true, flagReason: 'invented a figure' }).where(eq(tldrVariants.persona, 'engineer'));
    const html = await ed.html('/admin/editions/1/send');
    const audience = textOf(html, 'audience');
    expect(audience).toMatch(/Engineer.*en.*\b2\b/);
    expect(audience).toMatch(/Engineer.*es.*\b1\b/);
    expect(audience).toMatch(/Total.*\b6\b/);
    const warnings = textOf(html, 'warnings');
    expect(warnings).toMatch(/POSTAL_ADDRESS/);
    expect(warnings).toMatch(/MAIL_FROM/);
    expect(warnings).toMatch(/flagged/i);
    expect(warnings).toMatch(/RESEND_API_KEY/);
    expect(warnings).toMatch(/ANTHROPIC_API_KEY/);
  });

  it('sends now, then the progress page shows it done', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 120, { personas: ['engineer', 'investor'] });
    const res = await ed.submit('/admin/editions/1/send', '/admin/editions/1/send', { when: 'now', at: '', tz: 'UTC' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/editions/1/progress');
    await t.runner.idle();
    const html = await ed.html('/admin/editions/1/progress');
    expect(html).toMatch(/data-stream="\/admin\/editions\/1\/progress\/stream"/);
    expect(textOf(html, 'count-sent')).toBe('120');
    expect(html).toMatch(/class="badge b-sent"/);
  });

  it('schedules at a time entered in the editor’s zone and stores it in UTC; a past time is refused beside the field', async () => {
    await setup();
    let res = await ed.submit('/admin/editions/1/send', '/admin/editions/1/send', { when: 'later', at: '2026-12-01T09:00', tz: 'Europe/Madrid' });
    expect(res.status).toBe(303);
    expect(await edition()).toMatchObject({ status: 'scheduled', scheduledAt: '2026-12-01T08:00:00.000Z' });
    await t.admin('/editions/1/cancel', { method: 'POST' });
    res = await ed.submit('/admin/editions/1/send', '/admin/editions/1/send', { when: 'later', at: '2026-11-26T10:30', tz: 'America/New_York' });
    expect(res.status).toBe(303);
    expect(await edition()).toMatchObject({ scheduledAt: '2026-11-26T15:30:00.000Z' });
    await t.admin('/editions/1/cancel', { method: 'POST' });
    res = await ed.submit('/admin/editions/1/send', '/admin/editions/1/send', { when: 'later', at: '2026-11-26T09:00', tz: 'UTC' });
    expect(res.status).toBe(400);
    expect(textOf(await res.text(), 'at-error')).toMatch(/passed/);
    res = await ed.submit('/admin/editions/1/send', '/admin/editions/1/send', { when: 'later', at: '2026-12-01T09:00', tz: 'Mars/Olympus' });
    expect(res.status).toBe(400);
    expect((await edition()).status).toBe('cancelled');
  });

  it('cancel stops a scheduled send', async () => {
    await setup();
    await t.admin('/editions/1/send', { method: 'POST', json: { at: '2026-12-01T08:00:00Z' } });
    const res = await ed.submit('/admin/editions/1/progress', '/admin/editions/1/cancel');
    expect(res.status).toBe(303);
    expect((await edition()).status).toBe('cancelled');
  });
});

describe('progress', () => {
  it('explains uncertain batches in plain words', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 5);
    await t.admin('/editions/1/send', { method: 'POST', json: {} });
    await t.runner.idle();
    const { batches } = await import('../../src/db/schema.js');
    await t.deps.db.update(batches).set({ uncertain: 5, submitted: 0 });
    const html = await ed.html('/admin/editions/1/progress');
    expect(textOf(html, 'uncertain')).toMatch(/may or may not have gone out/);
    expect(textOf(html, 'uncertain')).toMatch(/Resend/);
  });

  it('streams the API’s progress events to the page, with the session', async () => {
    await setup();
    await seedSubscribers(t.deps.db, 5);
    await t.admin('/editions/1/send', { method: 'POST', json: {} });
    await t.runner.idle();
    const res = await ed.get('/admin/editions/1/progress/stream');
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    expect(text).toMatch(/event: progress\ndata: \{"status":"sent","queued":0,"sent":5/);
    expect((await t.app.request('/admin/editions/1/progress/stream')).status).toBe(303);
  });

  it('a draft has nothing to show yet', async () => {
    await setup();
    expect(await ed.html('/admin/editions/1/progress')).toMatch(/has not been sent/);
  });
});

describe('stats', () => {
  it('per persona, as a chart and a table; an unsent edition says so', async () => {
    await setup();
    expect(await ed.html('/admin/editions/1/stats')).toMatch(/No numbers yet/);
    await seedSubscribers(t.deps.db, 8, { personas: ['engineer', 'investor', 'engineer', 'everyday'], languages: ['en', 'en', 'es'] });
    await t.admin('/editions/1/send', { method: 'POST', json: {} });
    await t.runner.idle();
    const html = await ed.html('/admin/editions/1/stats');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    const table = textOf(html, 'stats-table');
    expect(table).toMatch(/Engineer 4/);
    expect(table).toMatch(/Investor 2/);
    expect(table).toMatch(/Total 8/);
    expect(textOf(html, 'stats-languages')).toMatch(/English \(en\) 6 .*Español \(es\) 2/);
  });
});
