import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { DEFAULT_METRICS_PORTS, DEFAULT_S3_PORT } from '../../dev/launcher.ts';
import { freePort } from '../../dev/net.ts';
import { appSchema } from '../../src/common/config.ts';
import { portsOutsideEphemeral } from '../support/ports.ts';
import { exitOf } from '../support/processes.ts';
import { recordTranscript } from '../support/recorder.ts';
import { eventually } from '../support/wait.ts';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run dev` of the app as a user starts it: no DATABASE_URL, no REDIS_URL, its own terminal group. */
function startDev(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['dev/main.ts'], {
    cwd: appRoot,
    detached: true,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Every process still alive whose command line or process group points at this run. */
function survivors(child: ChildProcess, dataDir: string): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => {
      const [, pgid] = line.trim().split(/\s+/);
      return pgid === String(child.pid) || line.includes(dataDir);
    })
    .filter((line) => !line.includes('ps -eo'));
}

/**
 * The ready banner as the docs show it: the test's free ports put back to the defaults it chose
 * them instead of, its data folder as .data, and what differs from run to run as stand-ins.
 */
function bannerOf(
  output: string,
  { dataDir, ports }: { dataDir: string; ports: [number | undefined, number][] },
) {
  const banner = /Ready\.[\s\S]*?Ctrl-C stops everything\./.exec(
    stripVTControlCharacters(output),
  )?.[0];
  assert.ok(banner, `no ready banner in:\n${output}`);
  return banner
    .replaceAll(dataDir, '.data')
    .replace(
      /(127\.0\.0\.1|localhost):(\d+)/g,
      (_, host: string, port: string) =>
        `${host}:${ports.find(([chosen]) => chosen === Number(port))?.[1] ?? '<port>'}`,
    )
    .replace(/reader-[0-9a-f]+@/g, 'reader-<id>@');
}

describe('npm run dev of the app (dev/main.ts)', function () {
  this.timeout(90_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'refapp-dev-'));
  let running: ReturnType<typeof startDev> | undefined;

  afterEach(async () => {
    if (running?.child.pid && running.child.exitCode === null) {
      process.kill(-running.child.pid, 'SIGKILL');
    }
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('when started with no DATABASE_URL or REDIS_URL, then the printed curl line gets a welcome delivered, its trace printed and its metrics served, and Ctrl-C leaves no process behind', async () => {
    const [apiPort, s3Port, apiMetricsPort, workerMetricsPort] = await portsOutsideEphemeral(4);
    running = startDev({
      DEV_DATA_DIR: dataDir,
      PORT: String(apiPort),
      S3_PORT: String(s3Port),
      METRICS_PORT: String(apiMetricsPort),
      WORKER_METRICS_PORT: String(workerMetricsPort),
      DEV_TRACES: '1',
    });
    const dev = running;

    const curlLine = await eventually(async () => {
      return dev.output().match(/^\s*(curl .*)$/m)?.[1];
    }, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; npm run dev printed:\n${dev.output()}`);
    });
    const answer = execFileSync('sh', ['-c', `${curlLine} --silent --show-error`], {
      encoding: 'utf8',
    });
    const email = /"email":"([^"]+)"/.exec(curlLine)?.[1];
    const welcome = await eventually(async () => {
      const mailDir = path.join(dataDir, 'mail');
      if (!existsSync(mailDir)) return undefined;
      const messages = readdirSync(mailDir).map((file) =>
        readFileSync(path.join(mailDir, file), 'utf8'),
      );
      return messages.find((message) => message.includes(`To: ${email}`));
    }, 15_000).catch(() => undefined);
    const tree = await eventually(async () => {
      const printed = dev.output();
      return /POST \/api\/client\/auth\/register \[api\]/.test(printed) &&
        /mail send \[worker\]/.test(printed)
        ? printed
        : undefined;
    }, 15_000).catch(() => undefined);
    const workerScrape = await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`).then(
      (response) => response.text(),
    );
    process.kill(-(dev.child.pid as number), 'SIGINT');
    const exitCode = await exitOf(dev.child);

    assert.match(answer, /HTTP\/1.1 201 Created/, dev.output());
    assert.ok(welcome, `no welcome email for ${email}:\n${dev.output()}`);
    assert.match(welcome, /Subject: Welcome, First Reader!/);
    assert.ok(tree, `no trace tree of the sign-up was printed:\n${dev.output()}`);
    assert.match(
      dev.output(),
      new RegExp(
        `Metrics +http://127\\.0\\.0\\.1:${apiMetricsPort}/metrics +http://127\\.0\\.0\\.1:${workerMetricsPort}/metrics`,
      ),
    );
    assert.match(
      workerScrape,
      /job_duration_seconds_count\{task="send-welcome-email",outcome="succeeded"\} 1/,
    );
    assert.match(dev.output(), /embedded PGlite/);
    assert.match(dev.output(), /local redis-server/);
    assert.match(dev.output(), /Applying V1__create_users\.sql/);
    assert.match(
      dev.output(),
      /Super admin: superadmin@example\.com, password from SUPERADMIN_PASSWORD/,
    );
    assert.equal(exitCode, 0, dev.output());
    recordTranscript(
      'dev-banner',
      bannerOf(dev.output(), {
        dataDir,
        ports: [
          [apiPort, appSchema.shape.PORT.parse(undefined)],
          [s3Port, DEFAULT_S3_PORT],
          [apiMetricsPort, DEFAULT_METRICS_PORTS.api],
          [workerMetricsPort, DEFAULT_METRICS_PORTS.worker],
        ],
      }),
    );
    assert.deepEqual(
      await eventually(async () => {
        const left = survivors(dev.child, dataDir);
        return left.length === 0 ? left : undefined;
      }, 10_000).catch(() => survivors(dev.child, dataDir)),
      [],
    );
  });

  it('when the API port is taken, then it stops before starting anything and says how to choose another', async () => {
    const blocker = createServer().listen(0);
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as { port: number };
    running = startDev({ DEV_DATA_DIR: dataDir, PORT: String(port) });

    const exitCode = await exitOf(running.child);
    blocker.close();

    assert.equal(exitCode, 1);
    assert.match(running.output(), new RegExp(`Port ${port} \\(API\\) is already in use`));
    assert.match(running.output(), new RegExp(`PORT=${port + 1} npm run dev`));
  });

  it('when DATABASE_URL points at nothing, then it says so without printing the password', async () => {
    const databaseUrl = `postgres://app:hunter2secret@127.0.0.1:${await freePort()}/app`;
    running = startDev({
      DEV_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DATABASE_URL: databaseUrl,
    });

    const exitCode = await exitOf(running.child);

    assert.equal(exitCode, 1);
    assert.match(
      running.output(),
      /PostgreSQL is not reachable at postgres:\/\/app:\*\*\*\*@127\.0\.0\.1/,
    );
    assert.doesNotMatch(running.output(), /hunter2secret/);
  });

  it('when no redis-server is installed, then it says how to get one and starts nothing', async () => {
    running = startDev({
      DEV_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      S3_PORT: String(await freePort()),
      REDIS_SERVER_BIN: path.join(dataDir, 'no-such-redis-server'),
    });

    const exitCode = await exitOf(running.child);

    assert.equal(exitCode, 1);
    assert.match(running.output(), /No redis-server was found/);
    assert.match(running.output(), /apt-get install redis-server/);
    assert.match(running.output(), /brew install redis/);
    assert.match(running.output(), /docker compose -f compose\.yaml up -d redis/);
  });
});
