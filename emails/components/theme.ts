/**
 * The look of every Primera Plana email: a calm editorial palette and type scale.
 * Colours are mid-contrast on purpose: clients that force-invert (Gmail apps, Outlook) keep
 * them legible, and clients that honour `prefers-color-scheme` get `darkCss` instead.
 */

/** Light-mode colours; the dark-mode counterparts live in `darkCss`. */
export const color = {
  paper: '#f3efe6',
  card: '#ffffff',
  ink: '#1d1b18',
  text: '#2e2a25',
  muted: '#6b6358',
  rule: '#e4ddcf',
  accent: '#a8352a',
  tint: '#f8f3ea',
  avatarText: '#ffffff',
} as const;

/** Font stacks: everything here is installed on the major mail clients' platforms. */
export const font = {
  serif: "Georgia, 'Times New Roman', Times, serif",
  sans: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif",
  mono: "Menlo, Consolas, 'Courier New', monospace",
} as const;

/** Content width in px; the card adds `gutter` on each side (600 in all). */
export const layout = {
  width: 600,
  gutter: 32,
  contentWidth: 536,
} as const;

/**
 * Class names the dark-mode stylesheet targets. Kept short: they repeat on every paragraph.
 * `[data-ogsc]` is how Outlook.com marks its dark mode.
 */
export const cls = {
  paper: 'pp-p',
  card: 'pp-c',
  ink: 'pp-i',
  text: 'pp-t',
  muted: 'pp-m',
  link: 'pp-a',
  tint: 'pp-n',
  rule: 'pp-r',
  /** A rule-coloured box whose top border is the red accent (the card): the red stays. */
  ruleAccentTop: 'pp-k',
} as const;

/**
 * Dark-mode colours. The red accent stays the same red where it is a border, a fill or a button;
 * as text it is lifted to a red that still reads on the dark card (4.9:1).
 */
export const dark = {
  paper: '#12110f',
  card: '#1c1a17',
  ink: '#f2ede4',
  text: '#e0d9cc',
  muted: '#b2a898',
  link: '#e0604f',
  tint: '#26231f',
  rule: '#3b3731',
} as const;

function darkRules(prefix: string): string {
  const p = (c: string) => `${prefix}.${c}`;
  return [
    `${p(cls.paper)}{background-color:${dark.paper}!important}`,
    `${p(cls.card)}{background-color:${dark.card}!important}`,
    `${p(cls.ink)}{color:${dark.ink}!important}`,
    `${p(cls.text)}{color:${dark.text}!important}`,
    `${p(cls.muted)}{color:${dark.muted}!important}`,
    `${p(cls.link)}{color:${dark.link}!important}`,
    `${p(cls.tint)}{background-color:${dark.tint}!important}`,
    `${p(cls.rule)}{border-color:${dark.rule}!important}`,
    `${p(cls.ruleAccentTop)}{border-color:${dark.rule}!important;border-top-color:${color.accent}!important}`,
  ].join('');
}

/** The one `<style>` block: dark mode for clients that support it, and the mobile gutter. */
export const headCss =
  `@media (prefers-color-scheme:dark){${darkRules('')}}` +
  `${darkRules('[data-ogsc] ')}` +
  `@media only screen and (max-width:480px){.pp-g{padding-left:20px!important;padding-right:20px!important}` +
  `.pp-h{font-size:28px!important;line-height:34px!important}}`;
