import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { testEnvironment } from './environment.ts';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));
const started = new Set<ChildProcess>();

/** Runs an entry point (e.g. src/main-worker.ts) as a real process with the test environment. */
export function startProcess(entry: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [entry], {
    cwd: appRoot,
    env: { PATH: process.env.PATH, ...testEnvironment, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

export async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

/** Kills whatever a failed test left running, so the run ends instead of hanging. */
export function killLeftoverProcesses(): void {
  for (const child of started) child.kill('SIGKILL');
}
