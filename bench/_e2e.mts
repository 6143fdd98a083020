const m = await import('./delivery.ts' as string);
const t = process.cpuUsage();
await m.endToEnd(Number(process.env.N ?? 30000));
const u = process.cpuUsage(t); console.log('client cpu', ((u.user+u.system)/1e6).toFixed(2));
