/**
 * A clock for pacer tests that moves only when every caller waits: to the earliest wake-up, which
 * then runs. Concurrent callers reserve slots as they do in the service, with no real time passing.
 */
export function simulatedClock() {
  let t = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: t + Math.max(0, ms), wake })),
    /** Runs every caller until all of them wait past `end` (or nothing waits). */
    async runUntil(end: number) {
      for (;;) {
        await settle();
        if (!sleepers.length) return;
        sleepers.sort((a, b) => a.at - b.at);
        if (sleepers[0].at > end) return;
        const next = sleepers.shift()!;
        t = next.at;
        next.wake();
      }
    },
  };
}
