// Redis for `npm run dev` when REDIS_URL is not set: a redis-server of the project's own, on a free
// port, keeping its data (append-only file) in the project's data folder.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { accepts, freePort } from './net.ts';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

// #region redis-missing
export function howToGetRedis(composeFile: string): string {
  return [
    'No redis-server was found on this machine. The API and the worker need Redis 6.2 or later:',
    '  Debian/Ubuntu:  sudo apt-get install redis-server',
    '  macOS:          brew install redis',
    `  Docker:         docker compose -f ${composeFile} up -d redis`,
    '                  (then start again with REDIS_URL=redis://127.0.0.1:6379)',
    'or point REDIS_URL at a Redis you already run.',
  ].join('\n');
}
// #endregion redis-missing

export function redisServerInstalled(binary: string): boolean {
  return !spawnSync(binary, ['--version'], { stdio: 'ignore' }).error;
}

/** A redis-server left running by an earlier run that was killed outright would share our files. */
function stopLeftover(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  const commandLine = `/proc/${pid}/cmdline`;
  const isRedis = existsSync(commandLine) && readFileSync(commandLine, 'utf8').includes('redis');
  if (pid > 0 && isRedis) {
    console.log(`Stopping a redis-server left over from an earlier run (pid ${pid})`);
    process.kill(pid, 'SIGTERM');
  }
  rmSync(pidFile, { force: true });
}

async function waitUntilAccepting(child: ChildProcess, port: number, logFile: string) {
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`redis-server did not start; its log is ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startLocalRedis(options: {
  dataDir: string;
  binary: string;
}): Promise<LocalRedis> {
  mkdirSync(options.dataDir, { recursive: true });
  const pidFile = path.join(options.dataDir, 'redis.pid');
  const logFile = path.join(options.dataDir, 'redis.log');
  stopLeftover(pidFile);
  const port = await freePort();
  // Its own process group: Ctrl-C reaches the API and the worker first, and they still need
  // Redis while they finish their work. The launcher stops it after them.
  const child = spawn(
    options.binary,
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', options.dataDir],
      ...['--appendonly', 'yes', '--save', '', '--pidfile', pidFile, '--logfile', logFile],
    ],
    { stdio: 'ignore', detached: true },
  );
  await waitUntilAccepting(child, port, logFile);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM'); // redis-server flushes its append-only file, then exits
      await exited;
    },
  };
}
