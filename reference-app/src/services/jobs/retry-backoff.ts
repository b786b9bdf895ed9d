import type { Backoff } from '../../entities/tasks.ts';

// #region backoff
/** The wait before the next attempt, after `failures` failed ones (1 after the first). */
export function retryDelayMs(backoff: Backoff, failures: number, random = Math.random): number {
  const growing =
    backoff.strategy === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** (failures - 1);
  const capped = Math.min(growing, backoff.maxDelayMs ?? Number.POSITIVE_INFINITY);
  return Math.round(capped * (1 - backoff.jitter * random()));
}

/** How long a task keeps being retried before it becomes a dead letter: the waits added up. */
export function retryBudgetMs(backoff: Backoff, retries: number): { least: number; most: number } {
  let least = 0;
  let most = 0;
  for (let failures = 1; failures <= retries; failures++) {
    least += retryDelayMs(backoff, failures, () => 1);
    most += retryDelayMs(backoff, failures, () => 0);
  }
  return { least, most };
}
// #endregion backoff
