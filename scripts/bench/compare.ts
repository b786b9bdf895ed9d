import { asPinnedClient, type Placement, placeServers } from './cpu-pinning.ts';
import {
  type LoadResult,
  type LoadTarget,
  measureLoad,
  type ServerTarget,
  warmUp,
} from './load.ts';
import { measureOneAtATime } from './one-at-a-time.ts';
import { type BenchProcess, startServer } from './processes.ts';
import { median, type Subject, spreadPct, type Target, target } from './results.ts';
import type { BenchShape } from './run.ts';

export interface ServerSubject {
  name: string;
  file: string;
  env: NodeJS.ProcessEnv;
}

export interface Comparison {
  /** The app first, then its baselines. */
  subjects: ServerSubject[];
  path: string;
  method?: LoadTarget['method'];
  headers?: Record<string, string>;
  vary?: LoadTarget['vary'];
  /**
   * Where the servers run one at a time (see cpu-pinning.ts): `apart` from the load generator when
   * they wait on nothing else, `beside` it when they wait on PostgreSQL, which then finds the other
   * CPU free. Either way, each hop of a request crosses between CPUs the same way every time.
   */
  oneAtATime: Placement;
  /** Runs once the servers listen, before any load (for example, to create accounts). */
  prepare?: (servers: BenchProcess[]) => Promise<void>;
}

const MB = 1024 * 1024;

/**
 * Starts every subject and warms each up once under load (JIT, pools, caches). Then the headline:
 * CPU per request, one request at a time, the subjects taking turns (see measureOneAtATime). Then
 * throughput, latency and CPU under `connections`, in rounds loading each subject in turn (app,
 * baseline, app, …), so that a slow minute on a shared machine falls on all of them. Each measure
 * is the median round; each ratio, the median of the rounds' (see withRatios). Under load, the
 * servers have a CPU of their own (see cpu-pinning.ts).
 */
export async function compareServers(
  comparison: Comparison,
  shape: BenchShape,
): Promise<Subject[]> {
  const servers: BenchProcess[] = [];
  try {
    for (const subject of comparison.subjects)
      servers.push(await startServer(subject.file, subject.env));
    await comparison.prepare?.(servers);
    const targets = servers.map(
      (server): ServerTarget => ({
        url: `${server.url}${comparison.path}`,
        method: comparison.method,
        headers: comparison.headers,
        vary: comparison.vary,
        cpuSeconds: server.cpuSeconds,
      }),
    );
    const names = comparison.subjects.map((subject) => subject.name);
    const pids = servers.map((server) => server.pid);
    const { oneAtATime, loaded } = await asPinnedClient(async () => {
      placeServers(pids, 'apart');
      for (const target of targets) await warmUp(target, shape);
      placeServers(pids, comparison.oneAtATime);
      const oneAtATime = await measureOneAtATime(targets, shape.oneAtATime);
      placeServers(pids, 'apart');
      return { oneAtATime, loaded: await loadInRounds(names, targets, shape) };
    });
    const subjects = comparison.subjects.map((subject, index): Subject => {
      const results = loaded[index] ?? [];
      return {
        name: subject.name,
        unit: 'req/s',
        ...summaryOf(
          results.map((result) => result.requestsPerSecond),
          oneAtATime[index] ?? [],
          results.map((result) => result.cpuMicrosPer),
        ),
        p50Ms: median(results.map((result) => result.p50Ms)),
        p99Ms: median(results.map((result) => result.p99Ms)),
        peakRssMb: (servers[index]?.peakRssBytes() ?? 0) / MB,
      };
    });
    return withRatios(subjects);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** Each subject's rounds under `connections`, the subjects loaded in turn in every round. */
async function loadInRounds(
  names: string[],
  targets: ServerTarget[],
  shape: BenchShape,
): Promise<LoadResult[][]> {
  const rounds = targets.map(() => [] as LoadResult[]);
  for (let round = 0; round < shape.rounds; round++) {
    for (const [index, target] of targets.entries()) {
      const result = await measureLoad(target, shape);
      if (result.failures) {
        throw new Error(
          `${names[index]}: ${result.failures} of ${result.requests} requests failed`,
        );
      }
      rounds[index]?.push(result);
    }
  }
  return rounds;
}

/**
 * The medians of a subject's rounds, how far the rounds spread, and the rounds themselves: its
 * throughput, its headline CPU per request (or job) and, for servers, its CPU under load.
 */
export function summaryOf(
  perSecond: number[],
  cpuMicrosPer: number[],
  loadedCpuMicrosPer?: number[],
) {
  return {
    perSecond: median(perSecond),
    cpuMicrosPer: median(cpuMicrosPer),
    ...(loadedCpuMicrosPer && { loadedCpuMicrosPer: median(loadedCpuMicrosPer) }),
    spreadPct: {
      perSecond: spreadPct(perSecond),
      cpu: spreadPct(cpuMicrosPer),
      ...(loadedCpuMicrosPer && { loadedCpu: spreadPct(loadedCpuMicrosPer) }),
    },
    rounds: { perSecond, cpuMicrosPer, ...(loadedCpuMicrosPer && { loadedCpuMicrosPer }) },
  };
}

/** The median over rounds of one subject's measure against the app's in the same round. */
const pairedRatio = (numerator: number[], denominator: number[]) =>
  median(numerator.map((value, round) => value / (denominator[round] ?? Number.NaN)));

/**
 * The first subject is the app; every other one gets the app's throughput over its own, and its
 * own CPU per request over the app's (below 1, the app costs more). Each is taken round by round,
 * the app against the subject it ran next to, then the median of the rounds: a drift over the
 * run (the machine, the database warming up) moves both sides of a round together.
 */
export function withRatios(subjects: Subject[]): Subject[] {
  const [app] = subjects;
  return subjects.map((subject, index) =>
    index === 0 || !app
      ? subject
      : {
          ...subject,
          appRatio: pairedRatio(app.rounds.perSecond, subject.rounds.perSecond),
          cpuRatio: pairedRatio(subject.rounds.cpuMicrosPer, app.rounds.cpuMicrosPer),
          ...(subject.rounds.loadedCpuMicrosPer &&
            app.rounds.loadedCpuMicrosPer && {
              loadedCpuRatio: pairedRatio(
                subject.rounds.loadedCpuMicrosPer,
                app.rounds.loadedCpuMicrosPer,
              ),
            }),
        },
  );
}

export const MEMORY_LIMIT_MB = 200;

/** The memory target of every figure: the highest peak RSS of the app's processes in it. */
export function memoryTarget(appSubjects: (Subject | undefined)[], what = 'API'): Target {
  const peak = Math.max(...appSubjects.map((subject) => subject?.peakRssMb ?? Infinity));
  return target(`${what} peak RSS under ${MEMORY_LIMIT_MB} MB`, peak, 'max', MEMORY_LIMIT_MB);
}

/** A baseline's CPU ratio as a target: the app at least `limit` of it in CPU per request. */
export function cpuTarget(
  subjects: Subject[],
  baselineName: string,
  limit: number,
  per = 'request',
): Target {
  const baseline = subjects.find((subject) => subject.name === baselineName);
  return target(
    `CPU per ${per}: at least ${limit.toFixed(2)} of ${baselineName}`,
    baseline?.cpuRatio ?? 0,
    'min',
    limit,
  );
}
