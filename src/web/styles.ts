/**
 * The one stylesheet of the public pages, in the emails' look (serif headlines, calm paper
 * palette). Served inline: the CSP allows inline styles and nothing else inline.
 */
import { color, dark as emailDark, font, headCss } from '../../emails/components/theme.js';

// The emails' dark palette: the accent as text is the lifted red, the same as in the emails.
const dark = { ...emailDark, accent: emailDark.link };

export const pageCss = `
*,*::before,*::after{box-sizing:border-box}
:root{color-scheme:light dark}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:${color.paper};color:${color.text};font-family:${font.sans};font-size:17px;line-height:1.55}
a{color:${color.accent}}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid ${color.accent};outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:16px;top:12px;background:${color.card};padding:6px 10px}
.wrap{max-width:720px;margin:0 auto;padding:20px 16px 48px}
.top{display:flex;justify-content:space-between;align-items:baseline;gap:12px;flex-wrap:wrap;padding:4px 4px 18px}
.brand{font-family:${font.serif};font-weight:700;letter-spacing:.12em;text-transform:uppercase;font-size:14px;color:${color.accent};text-decoration:none}
.nav a{font-size:14px;color:${color.muted};margin-left:16px}
.langs{flex-basis:100%;display:flex;justify-content:flex-end;gap:10px;font-size:13px;margin-top:-6px}
.langs a{color:${color.muted}}
.langs a[aria-current]{color:${color.ink};font-weight:700;text-decoration:none}
.card{background:${color.card};border:1px solid ${color.rule};border-radius:4px;padding:36px 40px}
.kicker{margin:0 0 22px;padding-bottom:12px;border-bottom:1px solid ${color.rule};font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:${color.muted}}
h1,h2,h3{font-family:${font.serif};color:${color.ink};font-weight:700}
h1{font-size:34px;line-height:1.18;margin:0 0 14px}
h2{font-size:23px;line-height:1.3;margin:30px 0 12px}
.dek{font-family:${font.serif};font-size:20px;line-height:1.45;color:${color.muted};margin:0 0 22px}
.lede{font-family:${font.serif};font-size:18px;line-height:1.6;margin:0 0 18px}
.muted{color:${color.muted}}
.small{font-size:14px}
.byline{display:flex;align-items:center;gap:12px;font-size:14px;color:${color.muted};margin:0 0 24px}
.nowrap{white-space:nowrap}
.avatar{flex:none;display:inline-flex;width:36px;height:36px;border-radius:50%;background:${color.accent};color:#fff;align-items:center;justify-content:center;font-family:${font.serif};font-weight:700}
figure{margin:0 0 26px}
figure img{display:block;width:100%;height:auto;border-radius:3px}
figcaption{font-size:13px;color:${color.muted};margin-top:8px}
.tldr{background:${color.tint};border-left:3px solid ${color.accent};padding:18px 20px;margin:0 0 26px}
.tldr h2{font-family:${font.sans};font-size:13px;letter-spacing:.1em;text-transform:uppercase;margin:0 0 8px;color:${color.accent}}
.tldr p{font-family:${font.serif};font-size:17px;line-height:1.6;margin:0 0 8px;color:${color.text}}
.tldr .why{font-style:italic}
.tldr .label{font-family:${font.sans};font-size:13px;color:${color.muted};margin:10px 0 0}
.switcher{margin:0 0 30px;font-size:14px}
.switcher ul{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:8px}
.switcher a{display:inline-block;padding:6px 12px;border:1px solid ${color.rule};border-radius:999px;text-decoration:none;color:${color.text}}
.switcher a[aria-current="page"]{background:${color.ink};border-color:${color.ink};color:${color.card}}
.body p,.body li{font-family:${font.serif};font-size:18px;line-height:1.65}
.next{border-top:1px solid ${color.rule};margin-top:30px;padding-top:18px}
.share{border-top:1px solid ${color.rule};margin-top:30px;padding-top:18px}
.share h2,.subscribe h2{font-family:${font.sans};font-size:13px;letter-spacing:.1em;text-transform:uppercase;margin:0 0 10px;color:${color.accent}}
.share ul{list-style:none;padding:0;margin:0 0 14px;display:flex;flex-wrap:wrap;gap:8px}
.share li a{display:inline-block;padding:6px 12px;border:1px solid ${color.rule};border-radius:999px;text-decoration:none;color:${color.text};font-size:14px}
.share input{width:100%;font:inherit;font-size:14px;padding:8px 10px;border:1px solid ${color.rule};border-radius:4px;background:${color.tint};color:${color.text};margin-top:4px}
.subscribe{background:${color.card};border:1px solid ${color.rule};border-top:3px solid ${color.accent};border-radius:4px;padding:26px 40px;margin-top:22px}
.subscribe p{font-family:${font.serif};font-size:17px;line-height:1.55;margin:0 0 14px}
.subscribe label{font-size:14px}
.inline-form{display:flex;gap:10px;flex-wrap:wrap}
.inline-form input{flex:1 1 220px;width:auto}
.list{list-style:none;padding:0;margin:0}
.list li{padding:18px 0;border-bottom:1px solid ${color.rule}}
.list li:last-child{border-bottom:0}
.list h2{margin:4px 0 6px;font-size:22px}
.list h2 a{color:${color.ink};text-decoration:none}
.list h2 a:hover{text-decoration:underline}
form{margin:0}
.field{margin:0 0 20px}
label,legend{display:block;font-weight:600;color:${color.ink};margin:0 0 6px;padding:0}
.hint{display:block;font-weight:400;font-size:14px;color:${color.muted}}
input[type=text],input[type=email],select{width:100%;font:inherit;padding:11px 12px;border:1px solid #b9b0a1;border-radius:4px;background:${color.card};color:${color.text}}
fieldset{border:0;padding:0;margin:0 0 20px;min-width:0}
.option{display:flex;gap:12px;align-items:flex-start;padding:12px 14px;border:1px solid ${color.rule};border-radius:4px;margin:0 0 8px;font-weight:400;cursor:pointer}
.option input{margin-top:5px;flex:none;width:18px;height:18px;accent-color:${color.accent}}
.option strong{display:block;color:${color.ink}}
.option span span{display:block;font-size:14px;color:${color.muted};line-height:1.45}
.option:has(input:checked){border-color:${color.accent};background:${color.tint}}
button,.button{display:inline-block;font:inherit;font-weight:700;background:${color.accent};color:#fff;border:0;border-radius:4px;padding:12px 22px;cursor:pointer;text-decoration:none}
button.secondary{background:transparent;color:${color.accent};border:1px solid ${color.accent}}
.actions{display:flex;gap:16px;align-items:center;flex-wrap:wrap;margin-top:8px}
.notice{border-left:4px solid #2f7d4f;background:#eaf4ec;color:#1f4d30;padding:12px 16px;margin:0 0 22px;border-radius:2px}
.alert{border-left:4px solid ${color.accent};background:#fbeceb;color:#6e2119;padding:12px 16px;margin:0 0 22px;border-radius:2px}
footer{padding:22px 4px;font-size:13px;color:${color.muted}}
footer a{color:${color.muted}}
@media (max-width:560px){.card,.subscribe{padding:24px 18px}h1{font-size:28px}.dek{font-size:18px}.nav a{margin-left:12px}}
@media (prefers-color-scheme:dark){
body{background:${dark.paper};color:${dark.text}}
.card,.subscribe,input[type=text],input[type=email],select{background:${dark.card};color:${dark.text};border-color:${dark.rule}}
.subscribe{border-top-color:${color.accent}}
.share input{background:${dark.tint}}
h1,h2,h3,label,legend,.option strong,.list h2 a{color:${dark.ink}}
a,.brand,.tldr h2,.share h2,.subscribe h2{color:${dark.accent}}
.muted,.dek,.hint,.kicker,.tldr .label,.byline,figcaption,footer,footer a,.nav a,.langs a,.option span span{color:${dark.muted}}
.langs a[aria-current]{color:${dark.ink}}
.tldr,.option:has(input:checked){background:${dark.tint}}
.tldr p,.switcher a,.share li a{color:${dark.text}}
.kicker,.list li,.next,.share,.option,.switcher a,.share li a{border-color:${dark.rule}}
.switcher a[aria-current="page"]{background:${dark.ink};color:${dark.paper}}
.notice{background:#17301f;color:#cfe9d6}.alert{background:#3a1b17;color:#f6d5cf}
}
${headCss}
`;
