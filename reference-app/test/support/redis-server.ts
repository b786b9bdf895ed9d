import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { accepts, freePort } from '../../dev/net.ts';
import { eventually } from './wait.ts';

// #region own-redis-server
/** A redis-server of the test's own, on a free port: drills stop and restart it, never the shared one. */
export async function startRedisServer() {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await eventually(() => accepts(port), 10_000);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await once(child, 'exit');
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    /** Killed and started again without persistence: everything it held is gone. */
    async restartEmpty() {
      await stop();
      await start();
    },
    /** Frozen (SIGSTOP): connections stay open, no command is answered, until thawed. */
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
  };
}
// #endregion own-redis-server
