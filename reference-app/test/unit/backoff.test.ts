import assert from 'node:assert/strict';
import { retryBudgetMs, retryDelayMs } from '../../src/services/jobs/retry-backoff.ts';
import { brokers } from '../../src/worker/brokers/index.ts';

const exponential = {
  strategy: 'exponential',
  delayMs: 1_000,
  maxDelayMs: 8_000,
  jitter: 0.2,
} as const;

describe('retry backoff', () => {
  it('when attempts keep failing, then each wait doubles until the cap', () => {
    const waits = [1, 2, 3, 4, 5, 6].map((failures) =>
      retryDelayMs(exponential, failures, () => 0),
    );

    assert.deepEqual(waits, [1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('when jitter is drawn, then a wait is shortened by at most its fraction', () => {
    assert.equal(
      retryDelayMs(exponential, 3, () => 1),
      3_200,
    );
    assert.equal(
      retryDelayMs(exponential, 3, () => 0.5),
      3_600,
    );
    assert.equal(
      retryDelayMs({ strategy: 'fixed', delayMs: 500, jitter: 0 }, 9, () => 1),
      500,
    );
  });

  it('when a budget is added up, then it spans the shortest and the longest draws', () => {
    assert.deepEqual(retryBudgetMs(exponential, 4), { least: 12_000, most: 15_000 });
  });

  // #region retry-budget-test
  it('when the welcome email keeps failing, then it is retried for more than an hour before it is dead-lettered', () => {
    const [welcome] = brokers.flatMap((broker) => Object.values(broker.tasks));
    assert.ok(welcome);

    const { least } = retryBudgetMs(welcome.backoff, welcome.retries);

    assert.ok(least > 3_600_000, `the shortest budget is ${least} ms`);
  });
  // #endregion retry-budget-test
});
