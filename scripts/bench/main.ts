// npm run bench [-- --quick] [--only health,worker] [--out file.json] [--profile]
// Measures the reference app against baselines that do the same work without it, in the same run,
// prints a table and writes the results as JSON (by default, a full run of every figure to
// results/latest.json for the docs; see defaultResultsFile).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, type } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { pinning } from './cpu-pinning.ts';
import { createBenchDatabase } from './database.ts';
import { accountReadFigure } from './figures/account-read.ts';
import { docsFigure } from './figures/docs.ts';
import { healthFigure } from './figures/health.ts';
import { observabilityFigure } from './figures/observability.ts';
import { registerFigure } from './figures/register.ts';
import { workerFigure } from './figures/worker.ts';
import { type BenchResults, cpuRatiosOf, defaultResultsFile, type Figure } from './results.ts';
import { type BenchRun, type BenchShape, makeCompileCache } from './run.ts';
import { formatTable } from './table.ts';

const figures = {
  health: healthFigure,
  'account-read': accountReadFigure,
  observability: observabilityFigure,
  register: registerFigure,
  worker: workerFigure,
  docs: docsFigure,
} satisfies Record<Figure['id'], (run: BenchRun) => Promise<Figure>>;

// #region load-shapes
const shapes: Record<'full' | 'quick', BenchShape> = {
  full: {
    connections: 50,
    firstWarmupSeconds: 2,
    warmupSeconds: 0.5,
    seconds: 1.5,
    rounds: 2,
    oneAtATime: { warmupSeconds: 1.5, seconds: 1.5, rounds: 11 },
    workerJobs: 1_000,
    workerConcurrency: 50,
    workerWarmupRounds: 4,
    workerRounds: 60,
  },
  quick: {
    connections: 50,
    firstWarmupSeconds: 0.5,
    warmupSeconds: 0.2,
    seconds: 1,
    rounds: 1,
    oneAtATime: { warmupSeconds: 0.2, seconds: 0.5, rounds: 1 },
    workerJobs: 500,
    workerConcurrency: 50,
    workerWarmupRounds: 1,
    workerRounds: 1,
  },
};
// #endregion load-shapes

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const mode = options.quick ? 'quick' : 'full';
const chosen = (options.only?.split(',') ?? Object.keys(figures)) as Figure['id'][];
const unknown = chosen.filter((id) => !(id in figures));
if (unknown.length) {
  console.error(
    `Unknown figure(s): ${unknown.join(', ')}. Known: ${Object.keys(figures).join(', ')}`,
  );
  process.exit(2);
}
const everyFigure = chosen.length === Object.keys(figures).length;
const out = path.resolve(
  options.out ?? path.join(import.meta.dirname, 'results', defaultResultsFile(mode, everyFigure)),
);

async function deleteRedisKeys(url: string, prefix: string) {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

const startedAt = new Date();
const database = await createBenchDatabase();
const run: BenchRun = {
  id: `${process.pid}-${Date.now().toString(36)}`,
  databaseUrl: database.url,
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  shape: shapes[mode],
  profileDir: options.profile
    ? path.join(
        import.meta.dirname,
        'results',
        'profiles',
        new Date().toISOString().replaceAll(':', '-'),
      )
    : undefined,
  compileCacheDir: mkdtempSync(path.join(tmpdir(), 'refapp-bench-compile-cache-')),
};
makeCompileCache(run.compileCacheDir);
const measured: Figure[] = [];
try {
  for (const id of chosen) {
    const figureStart = Date.now();
    console.error(`bench: ${id}…`);
    measured.push(await figures[id](run));
    console.error(`bench: ${id} took ${((Date.now() - figureStart) / 1000).toFixed(0)} s`);
  }
} finally {
  await database.drop();
  await deleteRedisKeys(run.redisUrl, `bench-${run.id}`);
  rmSync(run.compileCacheDir, { recursive: true, force: true });
}

/** The full run that the new results replace, if both have every figure. */
function previousRun(): BenchResults['previous'] {
  if (mode !== 'full' || !everyFigure || !existsSync(out)) return undefined;
  const before = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
  return before.mode === 'full'
    ? { startedAt: before.startedAt, cpuRatios: cpuRatiosOf(before) }
    : undefined;
}

const results: BenchResults = {
  mode,
  startedAt: startedAt.toISOString(),
  durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    os: type(),
    pinning: pinning ? { ours: pinning.ours, spare: pinning.spare } : null,
  },
  load: { ...run.shape },
  figures: measured,
  previous: previousRun(),
};
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(formatTable(results));
if (run.profileDir) {
  console.log(
    `\nCPU profiles of the app's processes (open them in Chrome DevTools or speedscope):`,
  );
  console.log(`  ${path.relative(process.cwd(), run.profileDir)}`);
}
console.log(
  `\n${everyFigure ? mode : `${mode} (some figures)`} run in ${results.durationSeconds.toFixed(0)} s; results in ${path.relative(process.cwd(), out)}`,
);
