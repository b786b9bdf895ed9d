import { setTimeout as sleep } from 'node:timers/promises';

// #region loop
/**
 * Runs `round` until stopped: again at once when it says there is more to do, otherwise after
 * `intervalMs`. A round handles its own errors; stopping waits for the round under way.
 */
export function startLoop(intervalMs: number, round: () => Promise<'more' | 'idle'>) {
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      if ((await round()) === 'more') continue;
      await sleep(intervalMs, undefined, { signal: stop.signal }).catch(() => {});
    }
  })();
  return {
    async stop() {
      stop.abort();
      await loop;
    },
  };
}
// #endregion loop
