import { readFileSync } from 'node:fs';
import * as child from 'node:child_process';
const origSpawn = child.spawn;
let pid = 0;
const m = await import('./delivery.ts' as string);
// sample the fake's CPU by finding the child pid via /proc after start
const t0 = process.cpuUsage();
const w0 = Date.now();
const timer = setInterval(() => {}, 1000);
const procCpu = (p: number) => { try { const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; } catch { return NaN; } };
// find children
const kids = () => child.execSync(`pgrep -P ${process.pid}`).toString().trim().split('\n').map(Number);
let last = 0; const kidsList: number[] = [];
const poll = setInterval(() => { try { for (const k of kids()) { const c = procCpu(k); if (c > 0) last = Math.max(last, c); } } catch {} }, 200);
await m.endToEnd(Number(process.env.N ?? 30000));
clearInterval(poll); clearInterval(timer);
const u = process.cpuUsage(t0);
console.log('client cpu s', ((u.user + u.system) / 1e6).toFixed(2), 'fake cpu s', last, 'wall', (Date.now() - w0) / 1000);
