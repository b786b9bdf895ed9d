import assert from 'node:assert/strict';
import { summaryOf, withRatios } from '../bench/compare.ts';
import {
  agreeingChanges,
  type BenchResults,
  defaultResultsFile,
  RUN_AGREEMENT_PCT,
  ratioChanges,
  type Subject,
} from '../bench/results.ts';

const subject = (
  name: string,
  perSecond: number[],
  cpuMicrosPer: number[],
  loadedCpuMicrosPer?: number[],
): Subject => ({
  name,
  unit: 'req/s',
  peakRssMb: 100,
  ...summaryOf(perSecond, cpuMicrosPer, loadedCpuMicrosPer),
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

  it('when servers are also measured under load, then that CPU gets its own ratio beside the headline', () => {
    const app = subject('reference app', [1000], [400, 420], [200, 210, 190]);
    const baseline = subject('baseline', [2000], [300, 315], [80, 105, 95]);

    const [first, compared] = withRatios([app, baseline]);

    assert.equal(compared?.cpuRatio, 0.75);
    assert.equal(compared?.loadedCpuRatio, 0.5);
    assert.equal(first?.loadedCpuMicrosPer, 200);
    assert.equal(first?.spreadPct.loadedCpu, 10);
  });

  it('when rounds differ, then the spread is the range over the median, in percent', () => {
    const measured = subject('reference app', [900, 1000, 1100], [100, 100, 100]);

    assert.equal(measured.spreadPct.perSecond, 20);
    assert.equal(measured.spreadPct.cpu, 0);
  });

  it('when a run replaces a full run, then each CPU ratio is compared with the one it replaced', () => {
    const [, baseline] = withRatios([
      subject('reference app', [1000], [400]),
      subject('baseline', [2000], [200]),
    ]);
    const figure = { id: 'health', title: 'GET /api/health', subjects: [baseline] };
    const results = {
      figures: [figure],
      previous: {
        startedAt: '2026-12-03T10:00:00.000Z',
        cpuRatios: { 'GET /api/health, baseline': 0.4, 'GET /gone, baseline': 1 },
      },
    } as unknown as BenchResults;

    const [change, ...others] = ratioChanges(results);

    assert.deepEqual(others, []);
    assert.equal(change?.name, 'GET /api/health, baseline');
    assert.equal(change?.now, 0.5);
    assert.ok(Math.abs((change?.pct ?? 0) - 25) < 1e-9);
  });

  it('when ratios moved, then the ones within ±5% of the run before are counted as agreeing', () => {
    const moved = (pct: number) => ({
      name: `moved ${pct}%`,
      previous: 1,
      now: 1 + pct / 100,
      pct,
    });

    const agreeing = agreeingChanges([moved(-5), moved(4.9), moved(5.1), moved(-12), moved(0)]);

    assert.equal(RUN_AGREEMENT_PCT, 5);
    assert.equal(agreeing, 3);
  });
});

describe('benchmark results file', () => {
  it('when a full run measures only some figures, then it leaves latest.json, which the docs show, alone', () => {
    assert.equal(defaultResultsFile('full', true), 'latest.json');
    assert.equal(defaultResultsFile('full', false), 'partial.json');
    assert.equal(defaultResultsFile('quick', true), 'quick.json');
    assert.equal(defaultResultsFile('quick', false), 'quick.json');
  });
});
