import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { accepts, freePort } from '../../reference-app/dev/net.ts';

const START_TIMEOUT_MS = 30_000;

/** A program under test, in its own process so its memory and CPU are its own. */
export interface BenchProcess {
  port: number;
  url: string;
  /** The most memory the process has held so far (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** CPU time the process has used so far, user and system, all its threads, in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** Resident memory, peak when the kernel keeps it (Linux), else the current figure from ps. */
function peakRssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kilobytes) return Number(kilobytes) * 1024;
  } catch {}
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' })) * 1024;
}

/** Clock ticks per second, the unit of /proc/<pid>/stat's times (100 on every common Linux). */
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/**
 * The process's own CPU time (utime + stime), from /proc: Linux only, since ps counts it to the
 * second, too coarse for a round of two. It does not depend on how fast the load generator is.
 */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(forced);
}

/**
 * Starts `node <file>` with PORT set to a free port and waits until it accepts connections.
 * Its output is discarded, as a log shipper would take it; stderr is kept to explain a failure.
 */
export async function startServer(file: string, env: NodeJS.ProcessEnv): Promise<BenchProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${file} did not start on port ${port}:\n${stderr}`);
    }
    await sleep(50);
  }
  const pid = child.pid as number;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    peakRssBytes: () => peakRssOf(pid),
    cpuSeconds: () => cpuSecondsOf(pid),
    stop: () => stopChild(child),
  };
}

export interface JobRunReport {
  jobs: number;
  seconds: number;
  /** process.cpuUsage() over the same span, user and system, in microseconds. */
  cpuMicros: number;
  peakRssBytes: number;
}

/** Runs `node <file>` to the end; it reports through IPC how long its jobs took. */
export async function runJobProgram(file: string, env: NodeJS.ProcessEnv): Promise<JobRunReport> {
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  let report: JobRunReport | undefined;
  child.on('message', (message) => {
    report = message as JobRunReport;
  });
  const [code] = await once(child, 'exit');
  if (code !== 0 || !report) throw new Error(`${file} failed (exit ${code}):\n${stderr}`);
  return report;
}
