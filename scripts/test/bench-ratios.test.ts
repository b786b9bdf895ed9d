import assert from 'node:assert/strict';
import { summaryOf, withRatios } from '../bench/compare.ts';
import type { Subject } from '../bench/results.ts';

const subject = (name: string, perSecond: number[], cpuMicrosPer: number[]): Subject => ({
  name,
  unit: 'req/s',
  peakRssMb: 100,
  ...summaryOf(perSecond, cpuMicrosPer),
});

describe('benchmark ratios', () => {
  it('when the machine slows down over a run, then each ratio pairs the app with the subject of the same round', () => {
    // Both get 40% slower from round to round; the baseline always costs half as much.
    const app = subject('reference app', [1000, 600, 360], [500, 830, 1390]);
    const baseline = subject('baseline', [2000, 1200, 720], [250, 415, 695]);

    const [, compared] = withRatios([app, baseline]);

    assert.equal(compared?.appRatio, 0.5);
    assert.equal(compared?.cpuRatio, 0.5);
    assert.deepEqual(compared?.rounds.cpuMicrosPer, [250, 415, 695]);
  });

  it('when rounds differ, then the spread is the range over the median, in percent', () => {
    const measured = subject('reference app', [900, 1000, 1100], [100, 100, 100]);

    assert.equal(measured.spreadPct.perSecond, 20);
    assert.equal(measured.spreadPct.cpu, 0);
  });
});
