import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadShape } from './load.ts';
import type { OneAtATimeShape } from './one-at-a-time.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const appEntry = path.join(repoRoot, 'reference-app/src/main-api.ts');
const workerEntries = [
  path.join(repoRoot, 'reference-app/src/main-worker.ts'),
  path.join(import.meta.dirname, 'project-worker.ts'),
];
export const baseline = (file: string) => path.join(import.meta.dirname, 'baselines', file);

/** How hard and how long each figure loads its subjects. */
export type BenchShape = LoadShape & {
  rounds: number;
  oneAtATime: OneAtATimeShape;
  /** Jobs per round. The job programs stay up for the figure: rounds after their warm-up count. */
  workerJobs: number;
  workerConcurrency: number;
  workerWarmupRounds: number;
  workerRounds: number;
};

/** What every figure of one run shares: its database, its Redis prefixes and its load shape. */
export interface BenchRun {
  id: string;
  databaseUrl: string;
  redisUrl: string;
  shape: BenchShape;
  /** With --profile: where the app's processes write a V8 CPU profile each when they exit. */
  profileDir?: string | undefined;
  /** The app's compile cache (NODE_COMPILE_CACHE), made before the first figure. */
  compileCacheDir: string;
}

/**
 * Makes the app's compile cache as its Dockerfile does: each entry point (and the benchmark's own
 * worker program) loads all its modules, then stops at the configuration check, since none is given.
 */
export function makeCompileCache(directory: string): void {
  for (const entry of [appEntry, ...workerEntries]) {
    spawnSync(process.execPath, [entry], {
      env: {
        PATH: process.env.PATH,
        NODE_OPTIONS: dockerfileNodeOptions(),
        NODE_COMPILE_CACHE: directory,
      },
      stdio: 'ignore',
    });
  }
}

/** The API runs with the Node options its Dockerfile sets, as it would in production. */
function dockerfileNodeOptions(): string {
  const dockerfile = readFileSync(path.join(repoRoot, 'reference-app/Dockerfile'), 'utf8');
  const options = /^ENV NODE_OPTIONS="([^"]*)"/m.exec(dockerfile)?.[1];
  if (options === undefined) throw new Error('reference-app/Dockerfile sets no NODE_OPTIONS');
  return options;
}

export const JWT_SECRET = 'benchmark-secret-that-is-long-enough-for-hs256';

/** What makes the app serve its metrics, on a port of the system's choosing. */
export const servedMetrics = { METRICS_PORT: '0' };

/**
 * The app as production runs it: NODE_ENV=production, the Dockerfile's Node options and compile
 * cache, JSON logs at info (to /dev/null, as a log shipper would take them), its default pool size,
 * its metrics served (on a port of the system's choosing; nothing scrapes them) and no tracing.
 * Only the sign-up limits are lifted, since the benchmark signs up thousands of accounts from one
 * address.
 */
export function appEnvironment(run: BenchRun, { metrics = true } = {}): NodeJS.ProcessEnv {
  return {
    ...(metrics && servedMetrics),
    NODE_ENV: 'production',
    NODE_OPTIONS: [
      dockerfileNodeOptions(),
      run.profileDir ? `--cpu-prof --cpu-prof-dir=${run.profileDir}` : '',
    ].join(' '),
    NODE_COMPILE_CACHE: run.compileCacheDir,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    DATABASE_URL: run.databaseUrl,
    REDIS_URL: run.redisUrl,
    JWT_SECRET,
    QUEUE_PREFIX: `bench-${run.id}`,
    REDIS_KEY_PREFIX: `bench-${run.id}-app`,
    MAIL_FILE_DIR: path.join(tmpdir(), `refapp-bench-mail-${run.id}`),
    RATE_LIMIT_AUTH_PER_IP: '1000000000',
    RATE_LIMIT_AUTH_PER_ACCOUNT: '1000000000',
  };
}

/** The Fastify baseline's environment: the same database, secret and log level as the app. */
export function fastifyEnvironment(run: BenchRun): NodeJS.ProcessEnv {
  return { DATABASE_URL: run.databaseUrl, JWT_SECRET, NODE_ENV: 'production' };
}
