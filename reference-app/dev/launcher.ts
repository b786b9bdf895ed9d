// `npm run dev`: services, migrations, then the API and the worker (and, in the guide's
// repository, the docs site) in one terminal. Every failure says what is wrong and what to do.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import concurrently, { type ConcurrentlyCommandInput } from 'concurrently';
import pg from 'pg';
import S3rver from 's3rver';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.ts';
import {
  howToGetRedis,
  type LocalRedis,
  redisServerInstalled,
  startLocalRedis,
} from './local-redis.ts';
import { accepts, portTaken } from './net.ts';
import { formatTraceTree, startOtlpReceiver, whenTracesQuiet } from './otlp-receiver.ts';
import { printReady, whenReady } from './ready.ts';

export class StartupError extends Error {
  override name = 'StartupError';
}

export interface ExtraProcess {
  name: string;
  command: string;
  cwd: string;
  port: number;
  /** The variable that picks another port, for the message when this one is taken. */
  portVariable: string;
  /** The URL printed when everything is up; the launcher waits for it to answer. */
  url: string;
}

export interface LaunchOptions {
  /** The app's folder: src/, package.json, compose.yaml. */
  appRoot: string;
  /** Where the embedded database, Redis, mail and object storage keep their files (DEV_DATA_DIR overrides). */
  dataDir: string;
  /** Processes to run beside the API and the worker, such as the docs site. */
  extras?: ExtraProcess[];
}

/** Where the local S3-compatible server listens unless S3_PORT says otherwise. */
export const DEFAULT_S3_PORT = 4569;
/** Where the API and the worker serve their metrics unless METRICS_PORT or WORKER_METRICS_PORT say otherwise. */
export const DEFAULT_METRICS_PORTS = { api: 9464, worker: 9465 };

// #region development-defaults
/** Development-only values, so that the first run needs no set-up. Production has no defaults. */
const developmentDefaults = {
  JWT_SECRET: 'development-only-secret-do-not-use-in-production',
  SUPERADMIN_EMAIL: 'superadmin@example.com',
  SUPERADMIN_PASSWORD: 'development superadmin',
};
// #endregion development-defaults

const step = (message: string) => console.log(`\x1b[1m▸ ${message}\x1b[0m`);

/** The URL as it may be printed: without its password. */
function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '****';
  return parsed.toString();
}

async function ensurePortsFree(ports: { name: string; port: number; variable: string }[]) {
  for (const { name, port, variable } of ports) {
    if (await portTaken(port)) {
      throw new StartupError(
        `Port ${port} (${name}) is already in use, perhaps by another npm run dev.\n` +
          `Stop that process, or choose another port: ${variable}=${port + 1} npm run dev`,
      );
    }
  }
}

/** Reaches the PostgreSQL of DATABASE_URL and creates its database when missing. */
async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: url.toString(),
    connectionTimeoutMillis: 5_000,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(
      `PostgreSQL is not reachable at ${redact(databaseUrl)}: ${(error as Error).message}\n` +
        'Start it, fix DATABASE_URL, or unset DATABASE_URL to use the embedded PostgreSQL.',
    );
  }
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      console.log(`  created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

async function ensureRedisReachable(redisUrl: string): Promise<void> {
  const { hostname, port } = new URL(redisUrl);
  if (!(await accepts(Number(port) || 6379, hostname))) {
    throw new StartupError(
      `Redis is not reachable at ${redact(redisUrl)}.\n` +
        'Start it, fix REDIS_URL, or unset REDIS_URL to run a local redis-server.',
    );
  }
}

// #region local-object-storage
/** Without S3_ENDPOINT, exports go to a local S3-compatible server (s3rver) storing in the data folder. */
async function startLocalObjectStorage(port: number, directory: string) {
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory });
  await server.run();
  return {
    env: {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    stop: () => server.close(),
  };
}
// #endregion local-object-storage

/** What one step started: the variables the app's processes need from it, and how to stop it. */
interface Started {
  env: Record<string, string>;
  /** What the summary says of it once everything answers. */
  note?: string;
  stop?: () => Promise<void>;
}

/** How the launcher sees the world: the variables it was given, and where files go. */
interface Setting {
  source: NodeJS.ProcessEnv;
  dataDir: string;
  appRoot: string;
  extras: ExtraProcess[];
  /** A path as the summary prints it: relative to the current folder when inside it. */
  relative: (file: string) => string;
}

async function startPostgres({ source, dataDir, relative }: Setting): Promise<Started> {
  const databaseUrl = source.DATABASE_URL;
  if (databaseUrl) {
    step(`PostgreSQL: ${redact(databaseUrl)} (from DATABASE_URL)`);
    await ensureDatabase(databaseUrl);
    return { env: { DATABASE_URL: databaseUrl }, note: redact(databaseUrl) };
  }
  const folder = path.join(dataDir, 'pglite');
  step(`PostgreSQL: starting the embedded one (PGlite), data in ${relative(folder)}`);
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: folder });
  const note = `embedded PGlite at ${embedded.url}, data in ${relative(folder)}`;
  return { env: { DATABASE_URL: embedded.url }, note, stop: () => embedded.stop() };
}

/** Redis from REDIS_URL, else a local redis-server; none at all only when extras can still run. */
async function startRedis({
  source,
  dataDir,
  appRoot,
  extras,
  relative,
}: Setting): Promise<Started> {
  const redisUrl = source.REDIS_URL;
  if (redisUrl) {
    step(`Redis: ${redact(redisUrl)} (from REDIS_URL)`);
    await ensureRedisReachable(redisUrl);
    return { env: { REDIS_URL: redisUrl }, note: redact(redisUrl) };
  }
  const binary = source.REDIS_SERVER_BIN ?? 'redis-server';
  const folder = path.join(dataDir, 'redis');
  if (redisServerInstalled(binary)) {
    step(`Redis: starting a local redis-server, data in ${relative(folder)}`);
    const local: LocalRedis = await startLocalRedis({ dataDir: folder, binary });
    const note = `local redis-server at ${local.url}, data in ${relative(folder)}`;
    return { env: { REDIS_URL: local.url }, note, stop: () => local.stop() };
  }
  const advice = howToGetRedis(relative(path.join(appRoot, 'compose.yaml')));
  if (extras.length === 0) throw new StartupError(advice);
  console.error(advice);
  return { env: {} };
}

async function startObjectStorage({ source, dataDir, relative }: Setting): Promise<Started> {
  if (source.S3_ENDPOINT) return { env: {} };
  const port = Number(source.S3_PORT ?? DEFAULT_S3_PORT);
  const folder = source.S3_DATA_DIR ?? path.join(dataDir, 's3');
  step(`Object storage: starting s3rver on port ${port}, files in ${relative(folder)}`);
  return startLocalObjectStorage(port, folder);
}

/** Prometheus metrics, on under `npm run dev`: the API's and the worker's listeners. */
function metricsPorts({ source }: Setting) {
  return {
    api: Number(source.METRICS_PORT ?? DEFAULT_METRICS_PORTS.api),
    worker: Number(source.WORKER_METRICS_PORT ?? DEFAULT_METRICS_PORTS.worker),
  };
}

// #region dev-traces
/**
 * With DEV_TRACES=1, the API and the worker send their traces here, and each finished trace is
 * printed as a tree: a reader sees one sign-up from request to email without a collector.
 */
async function startTracePrinter({ source }: Setting): Promise<Started> {
  if (source.DEV_TRACES !== '1')
    return { env: {}, note: 'off (DEV_TRACES=1 prints each trace here)' };
  const receiver = await startOtlpReceiver();
  whenTracesQuiet(receiver, (spans) => console.log(`\n${formatTraceTree(spans)}\n`));
  return {
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // The SDK's standard batch delay, shortened so that a trace prints a moment after it ends.
      OTEL_BSP_SCHEDULE_DELAY: '500',
      // One span per export, so that a tree can order siblings that started in the same
      // millisecond by when they ended (see formatTraceTree).
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1',
    },
    note: 'printed here as trees, once each trace is finished',
    stop: () => receiver.close(),
  };
}
// #endregion dev-traces

/** The app's environment: development defaults, then the caller's variables, then the services'. */
function appEnvironment(setting: Setting, started: Started[]): Record<string, string> {
  const { source, dataDir } = setting;
  return {
    ...developmentDefaults,
    ...(Object.fromEntries(
      Object.entries(source).filter(([, value]) => value !== undefined),
    ) as Record<string, string>),
    PORT: String(Number(source.PORT ?? 3000)),
    MAIL_FILE_DIR: source.MAIL_FILE_DIR ?? path.join(dataDir, 'mail'),
    // The processes write to concurrently's pipes: readable logs when a person watches this one.
    LOG_FORMAT: source.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    ...Object.assign({}, ...started.map((step) => step.env)),
  };
}

async function applyMigrations(appRoot: string, env: Record<string, string>): Promise<void> {
  step('Applying migrations');
  // Not spawnSync: the embedded PostgreSQL answers from this process's event loop.
  const migrate = spawn(process.execPath, ['src/main-migrate.ts'], {
    cwd: appRoot,
    env,
    stdio: 'inherit',
  });
  const [migrateExitCode] = await once(migrate, 'exit');
  if (migrateExitCode !== 0) throw new StartupError('Migrations failed: see the message above.');
}

/** The extras, and the API and the worker when there is a Redis for them, in one terminal. */
function startProcesses(setting: Setting, env: Record<string, string>) {
  const app = path.resolve(setting.appRoot);
  const runsApp = Boolean(env.REDIS_URL);
  const metrics = metricsPorts(setting);
  const commands: (ConcurrentlyCommandInput & { name: string })[] = [
    ...setting.extras.map(({ name, command, cwd }) => ({ name, command, cwd, env })),
    ...(runsApp
      ? [
          {
            name: 'api',
            command: 'node --watch src/main-api.ts',
            cwd: app,
            env: { ...env, METRICS_PORT: String(metrics.api) },
          },
          {
            name: 'worker',
            command: 'node --watch src/main-worker.ts',
            cwd: app,
            env: { ...env, METRICS_PORT: String(metrics.worker) },
          },
        ]
      : []),
  ];
  step(`Starting ${commands.map((command) => command.name).join(', ')}`);
  const running = concurrently(commands, {
    prefixColors: ['blue', 'green', 'magenta', 'cyan'],
    killOthersOn: ['failure'],
    handleInput: false,
  });
  return { running, runsApp };
}

/** Prints the summary once every process answers. */
function announceWhenReady(
  setting: Setting,
  running: ReturnType<typeof startProcesses>,
  env: Record<string, string>,
  [database, redis, , traces]: Started[],
) {
  const metrics = metricsPorts(setting);
  const apiUrl = running.runsApp ? `http://localhost:${env.PORT}/api` : undefined;
  void whenReady(running.running.commands, apiUrl, setting.extras).then((ready) => {
    if (!ready) return;
    printReady({
      extras: setting.extras,
      apiUrl,
      databaseNote: database?.note ?? '',
      redisNote: redis?.note,
      mailDir: setting.relative(env.MAIL_FILE_DIR ?? ''),
      metricsUrls: [metrics.api, metrics.worker].map((port) => `http://127.0.0.1:${port}/metrics`),
      tracesNote: traces?.note ?? '',
      superadminEmail: env.SUPERADMIN_EMAIL,
      defaultPassword: setting.source.SUPERADMIN_PASSWORD ? undefined : env.SUPERADMIN_PASSWORD,
    });
  });
}

function settingOf(options: LaunchOptions): Setting {
  const source = process.env;
  return {
    source,
    dataDir: source.DEV_DATA_DIR ?? options.dataDir,
    appRoot: options.appRoot,
    extras: options.extras ?? [],
    relative: (file) => {
      const fromHere = path.relative(process.cwd(), file);
      return fromHere.startsWith('..') ? path.resolve(file) : fromHere || '.';
    },
  };
}

function portsToCheck(setting: Setting) {
  const { source, extras } = setting;
  return [
    { name: 'API', port: Number(source.PORT ?? 3000), variable: 'PORT' },
    { name: 'API metrics', port: metricsPorts(setting).api, variable: 'METRICS_PORT' },
    { name: 'worker metrics', port: metricsPorts(setting).worker, variable: 'WORKER_METRICS_PORT' },
    ...(source.S3_ENDPOINT
      ? []
      : [
          {
            name: 'object storage',
            port: Number(source.S3_PORT ?? DEFAULT_S3_PORT),
            variable: 'S3_PORT',
          },
        ]),
    ...extras.map(({ name, port, portVariable }) => ({ name, port, variable: portVariable })),
  ];
}

/**
 * Starts the services, migrates, then runs the processes until they stop; returns their exit
 * code. Each step returns what it started and how to stop it, and everything started is stopped
 * in reverse order, on the way out or on Ctrl-C before the processes run.
 */
export async function launch(options: LaunchOptions): Promise<number> {
  const setting = settingOf(options);
  const started: Started[] = [];
  const stopServices = async () => {
    for (const { stop } of [...started].reverse()) await stop?.().catch(() => {});
  };
  let processesRunning = false;
  const stopBeforeProcesses = () => {
    // Ctrl-C while services start: stop those already started. Later, concurrently passes
    // the signal to the processes and this function returns once they have stopped.
    if (!processesRunning) void stopServices().then(() => process.exit(130));
  };
  process.on('SIGINT', stopBeforeProcesses);
  process.on('SIGTERM', stopBeforeProcesses);
  try {
    // #region dev-steps
    step('Checking ports');
    await ensurePortsFree(portsToCheck(setting));
    for (const start of [startPostgres, startRedis, startObjectStorage, startTracePrinter]) {
      started.push(await start(setting));
    }
    const env = appEnvironment(setting, started);
    await applyMigrations(setting.appRoot, env);
    processesRunning = true;
    const running = startProcesses(setting, env);
    // #endregion dev-steps
    announceWhenReady(setting, running, env, started);
    return await running.running.result.then(
      () => 0,
      () => 1,
    );
  } finally {
    await stopServices();
    process.off('SIGINT', stopBeforeProcesses);
    process.off('SIGTERM', stopBeforeProcesses);
  }
}

/** For the command line: launches, prints a StartupError's advice without a stack, exits. */
export async function launchAndExit(options: LaunchOptions): Promise<never> {
  try {
    process.exit(await launch(options));
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    console.error(`\n${error.message}`);
    process.exit(1);
  }
}
