import type { BenchShape } from './run.ts';

// #region result-shape
/** One program under load: the reference app, or a baseline doing the same work by hand. */
export interface Subject {
  name: string;
  /** Requests (or jobs) per second: the median of the rounds. */
  perSecond: number;
  unit: 'req/s' | 'jobs/s';
  p50Ms?: number;
  p99Ms?: number;
  peakRssMb: number;
  /**
   * The subject's own CPU time per request (or job), user and system: the median of the rounds.
   * For servers, with requests sent one at a time (see measureOneAtATime); for job programs, at
   * their concurrency.
   */
  cpuMicrosPer: number;
  /** For servers: their CPU time per request under `connections`, the median of those rounds. */
  loadedCpuMicrosPer?: number;
  /** How far the rounds spread: (highest − lowest) ÷ median, in percent, of each measure. */
  spreadPct: { perSecond: number; cpu: number; loadedCpu?: number };
  /** Each round's measures, in the order they ran. */
  rounds: { perSecond: number[]; cpuMicrosPer: number[]; loadedCpuMicrosPer?: number[] };
  /** perSecond of the reference app divided by this subject's, for baselines: median of the rounds. */
  appRatio?: number;
  /**
   * This subject's CPU per request divided by the reference app's, for baselines, median of the
   * rounds: the headline, since it does not depend on how fast the client is. 1.00 means the app
   * costs nothing more.
   */
  cpuRatio?: number;
  /** The same ratio from the CPU per request under `connections`, where servers batch. */
  loadedCpuRatio?: number;
}

export interface Target {
  description: string;
  measured: number;
  limit: number;
  /** The measured value must be at least (`min`) or below (`max`) the limit. */
  kind: 'min' | 'max';
  met: boolean;
}

export interface Figure {
  id: 'health' | 'account-read' | 'observability' | 'register' | 'worker' | 'docs';
  title: string;
  /** What each subject does and how it is loaded, in a sentence or two. */
  method: string;
  subjects: Subject[];
  /** For the docs figure: build time and JavaScript per page. */
  values?: { label: string; value: number; unit: string }[];
  targets: Target[];
}

export interface BenchResults {
  mode: 'full' | 'quick';
  startedAt: string;
  durationSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    os: string;
    /** The CPU of the benchmark's processes and the spare one under load, when it could pin them. */
    pinning: { ours: number; spare: number } | null;
  };
  /** The load shape the run used (the shapes are in main.ts). */
  load: BenchShape;
  figures: Figure[];
  /** The full run this one replaced, to say how close two runs came: its start, its CPU ratios. */
  previous?: { startedAt: string; cpuRatios: Record<string, number> };
}
// #endregion result-shape

/**
 * The file in results/ that a run writes unless --out names another: only a full run of every
 * figure replaces latest.json, the results the docs show and the next full run compares with.
 */
export function defaultResultsFile(mode: BenchResults['mode'], everyFigure: boolean): string {
  if (mode === 'quick') return 'quick.json';
  return everyFigure ? 'latest.json' : 'partial.json';
}

/** A subject's CPU ratio, named the same from one run to the next. */
export const ratioName = (figure: Figure, subject: Subject) => `${figure.title}, ${subject.name}`;

/** Each CPU ratio of a run, by name. */
export const cpuRatiosOf = (results: Pick<BenchResults, 'figures'>): Record<string, number> =>
  Object.fromEntries(
    results.figures.flatMap((figure) =>
      figure.subjects.flatMap((subject) =>
        subject.cpuRatio === undefined ? [] : [[ratioName(figure, subject), subject.cpuRatio]],
      ),
    ),
  );

/** How far a CPU ratio may move from one full run to the next for the two runs to agree. */
export const RUN_AGREEMENT_PCT = 5;

/** How far each CPU ratio moved from the previous run's, in percent. */
export function ratioChanges(results: BenchResults) {
  const before = results.previous?.cpuRatios ?? {};
  return Object.entries(cpuRatiosOf(results)).flatMap(([name, now]) => {
    const previous = before[name];
    return previous === undefined ? [] : [{ name, previous, now, pct: (now / previous - 1) * 100 }];
  });
}

/** How many of the changes lie within RUN_AGREEMENT_PCT. */
export const agreeingChanges = (changes: ReturnType<typeof ratioChanges>) =>
  changes.filter((change) => Math.abs(change.pct) <= RUN_AGREEMENT_PCT).length;

export function target(
  description: string,
  measured: number,
  kind: Target['kind'],
  limit: number,
): Target {
  return {
    description,
    measured,
    limit,
    kind,
    met: kind === 'min' ? measured >= limit : measured < limit,
  };
}

/** (highest − lowest) ÷ median, in percent: 0 when every round measured the same. */
export function spreadPct(values: number[]): number {
  const middle = median(values);
  return middle ? ((Math.max(...values) - Math.min(...values)) / middle) * 100 : 0;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
