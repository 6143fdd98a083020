/**
 * The console's stylesheet: the public pages' one (the publication's type and paper palette) and
 * what a working tool adds to it — tables, badges, bars, tabs, wide forms and preview frames.
 * Served inline like the public pages' (the CSP allows inline styles, nothing else inline).
 */
import { color, font } from '../../emails/components/theme.js';
import { pageCss } from '../web/styles.js';

/** Darker than the accent where small text needs 4.5:1 on the tint and the card. */
const ink = { ok: '#1f5c36', warn: '#7a4b00', bad: '#8f2419', info: '#1f4d7a', dim: '#5c554b' };

const consoleCss = `
.console .wrap{max-width:1180px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
textarea:focus-visible,summary:focus-visible,iframe:focus-visible{outline:3px solid ${color.accent};outline-offset:2px}
.console main{min-width:0}
.bar-top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;padding:4px 4px 14px}
.console-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 6px;margin:0;padding:0}
.console-nav a{display:inline-block;padding:6px 10px;border-radius:4px;color:${color.text};text-decoration:none;font-size:15px}
.console-nav a:hover{text-decoration:underline}
.console-nav a[aria-current="page"]{background:${color.ink};color:${color.card}}
.signout button{padding:6px 12px;font-size:14px}
.page-head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:8px 16px;margin:0 0 18px}
.page-head h1{margin:0}
.card+.card,.card+section,.cols+.card,.cols+section{margin-top:22px}
.cols>.card{margin-top:0}
.card>h2:first-child,.card>div>h2:first-child{margin-top:0}
.console .card{padding:28px 30px}
.table-wrap{overflow-x:auto;margin:0 0 12px}
table.data{width:100%;border-collapse:collapse;font-size:15px}
table.data caption{text-align:left;font-weight:600;color:${color.ink};padding:0 0 8px}
table.data th,table.data td{padding:9px 10px;border-bottom:1px solid ${color.rule};text-align:left;vertical-align:top}
table.data thead th{font-size:13px;letter-spacing:.04em;text-transform:uppercase;color:${ink.dim}}
table.data tbody th{font-weight:600;color:${color.ink}}
table.data td.num,table.data th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.data tfoot td{font-weight:700;border-bottom:0}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:13px;font-weight:700;border:1px solid currentColor;white-space:nowrap}
.b-draft,.b-fallback,.b-pending,.b-unsubscribed{color:${ink.dim}}
.b-scheduled,.b-editor,.b-info{color:${ink.info}}
.b-sending,.b-paused,.b-warn,.b-flagged{color:${ink.warn}}
.b-sent,.b-active,.b-claude,.b-ok{color:${ink.ok}}
.b-failed,.b-cancelled,.b-bounced,.b-complained,.b-bad{color:${ink.bad}}
.meter{display:flex;height:12px;border-radius:6px;overflow:hidden;background:${color.rule};min-width:120px}
.meter span{display:block;height:100%}
.m-sent{background:#2f7d4f}.m-failed{background:${ink.bad}}.m-skipped{background:#8a8172}.m-uncertain{background:#c98a1b}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:0;margin:10px 0 0;font-size:15px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:16px 0}
.figures div{background:${color.tint};border:1px solid ${color.rule};border-radius:4px;padding:10px 12px}
.figures dt{font-size:13px;color:${ink.dim};text-transform:uppercase;letter-spacing:.05em}
.figures dd{margin:2px 0 0;font-family:${font.serif};font-size:26px;color:${color.ink};font-variant-numeric:tabular-nums}
.tabs{margin:0 0 18px;border-bottom:1px solid ${color.rule}}
.tabs ul{list-style:none;display:flex;flex-wrap:wrap;gap:2px;margin:0;padding:0}
.tabs a{display:inline-block;padding:8px 12px;color:${color.text};text-decoration:none;border-bottom:3px solid transparent}
.tabs a[aria-current="page"]{border-bottom-color:${color.accent};color:${color.ink};font-weight:700}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:22px;align-items:start}
.form-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:0 16px}
input[type=password],input[type=number],input[type=date],input[type=datetime-local],input[type=search],input[type=url],input[type=file],textarea{width:100%;font:inherit;padding:10px 12px;border:1px solid #8f8678;border-radius:4px;background:${color.card};color:${color.text}}
input[type=text],input[type=email],select{border-color:#8f8678}
textarea{min-height:90px;line-height:1.5}
textarea.code{font-family:${font.mono};font-size:14px;min-height:420px}
textarea.large{font-family:${font.serif};font-size:18px;min-height:180px}
input[aria-invalid="true"],textarea[aria-invalid="true"],select[aria-invalid="true"]{border:2px solid ${ink.bad}}
.error{display:block;color:${ink.bad};font-weight:600;font-size:15px;margin:6px 0 0}
fieldset[disabled]{opacity:.75}
.inline{display:inline}
.row-actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
button.small,.button.small{padding:6px 12px;font-size:14px}
button.danger{background:${ink.bad}}
.button.secondary{background:transparent;color:${color.accent};border:1px solid ${color.accent}}
.empty{text-align:center;padding:28px 10px;color:${ink.dim}}
.empty p{margin:0 0 14px}
.preview-frame{border:1px solid ${color.rule};border-radius:4px;background:${color.paper};overflow:auto}
.preview-frame iframe{display:block;border:0;width:100%;height:760px;background:#fff;margin:0 auto}
.widths{display:flex;gap:14px;align-items:center;margin:0 0 10px;font-size:15px}
.widths label{display:inline-flex;gap:6px;align-items:center;font-weight:400;margin:0}
.preview:has(#width-phone:checked) iframe{width:375px}
.side-by-side{display:flex;gap:16px;overflow-x:auto;padding-bottom:8px}
.side-by-side figure{flex:0 0 auto;margin:0}
.side-by-side iframe{width:400px;height:900px;border:1px solid ${color.rule};background:#fff}
.side-by-side figcaption{font-weight:700;color:${color.ink};font-size:15px;margin:0 0 6px}
.variants td{min-width:240px}
.variants th .meta{display:block;font-weight:400}
.variants .tldr-text{font-family:${font.serif};font-size:16px;line-height:1.5;margin:6px 0}
.variants .why{font-style:italic;color:${ink.dim};font-size:14px;margin:0 0 6px}
.meta{font-size:13px;color:${ink.dim};margin:4px 0}
.warnings li{margin:0 0 8px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(300px,100%),1fr));gap:18px;margin:8px 0 22px}
.charts figure{margin:0}
.charts figcaption{font-weight:700;color:${color.ink};margin:0 0 4px;font-size:15px}
.chart{width:100%;height:auto}
td.url{word-break:break-all;font-size:14px}
.chart text{font-family:${font.sans};font-size:13px;fill:${color.text}}
.code-inline,code{font-family:${font.mono};font-size:.9em;background:${color.tint};padding:1px 4px;border-radius:3px}
.description{font-family:${font.serif};font-size:18px;line-height:1.6;margin:6px 0 10px;color:${color.text}}
.upload progress{width:100%;height:14px}
.pager{display:flex;gap:16px;align-items:center;margin-top:12px}
.signin{max-width:460px;margin:40px auto}
@media (max-width:760px){.cols{grid-template-columns:1fr}.console .card{padding:20px 16px}.side-by-side iframe{width:330px}.preview-frame iframe{height:640px}}
@media (prefers-color-scheme:dark){
.console-nav a,.tabs a{color:#e0d9cc}
.console-nav a[aria-current="page"]{background:#f2ede4;color:#12110f}
.tabs a[aria-current="page"]{color:#f2ede4}
table.data thead th,.meta,.why,.figures dt,.empty,.b-draft,.b-fallback,.b-pending,.b-unsubscribed{color:#b2a898}
table.data th,table.data td,.tabs,.figures div,.preview-frame{border-color:#3b3731}
.figures div,code{background:#26231f}.figures dd,table.data caption,table.data tbody th,.charts figcaption{color:#f2ede4}
input[type=password],input[type=number],input[type=date],input[type=datetime-local],input[type=search],input[type=url],input[type=file],textarea{background:#1c1a17;color:#e0d9cc;border-color:#6b6358}
.b-scheduled,.b-editor,.b-info{color:#9cc3ef}.b-sending,.b-paused,.b-warn,.b-flagged{color:#f0c27a}
.b-sent,.b-active,.b-claude,.b-ok{color:#8fd3a6}.b-failed,.b-cancelled,.b-bounced,.b-complained,.b-bad,.error{color:#f6a497}
.chart text{fill:#e0d9cc}.description{color:#e0d9cc}
}
`;

/** The console's whole stylesheet. */
export const consolePageCss = pageCss + consoleCss;
