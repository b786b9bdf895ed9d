import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { accepts, freePort } from '../../reference-app/dev/net.ts';
import { subjectCommand } from './cpu-pinning.ts';
import type { JobProgramRequest } from './job-clock.ts';

const START_TIMEOUT_MS = 30_000;

/** A program under test, in its own process so its memory and CPU are its own. */
export interface BenchProcess {
  pid: number;
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

/**
 * The process's own CPU time: the sum of its threads' time on a CPU, which the scheduler counts in
 * nanoseconds (/proc/<pid>/task/<tid>/schedstat). Linux only: ps counts to the second, and
 * /proc/<pid>/stat in ticks of 10 ms, too coarse for rounds of a second or two. It does not depend
 * on how fast the load generator is.
 */
function cpuSecondsOf(pid: number): number {
  let nanoseconds = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(
        readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0],
      );
    } catch {
      // The thread ended between the listing and the read; its time is gone with it.
    }
  }
  return nanoseconds / 1e9;
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
 * Starts `node <file>` (on the benchmark's CPU, see cpu-pinning.ts) with PORT set to a free port
 * and waits until it accepts connections. Its output is discarded, as a log shipper would take it;
 * stderr is kept to explain a failure.
 */
export async function startServer(file: string, env: NodeJS.ProcessEnv): Promise<BenchProcess> {
  const port = await freePort();
  const [command, args] = subjectCommand(file);
  const child = spawn(command, args, {
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
    pid,
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

/** A job program kept up for a whole figure: it runs one round of jobs each time it is asked. */
export interface JobProgram {
  run(jobs: number): Promise<JobRunReport>;
  stop(): Promise<void>;
}

/**
 * Starts `node <file>` (on the benchmark's CPU) and waits until it says it is ready (job-clock.ts).
 * It may collect its garbage between rounds (--expose-gc), so that each round starts from the same
 * heap.
 */
export async function startJobProgram(file: string, env: NodeJS.ProcessEnv): Promise<JobProgram> {
  const [command, args] = subjectCommand(file);
  const child = spawn(command, args, {
    env: { ...process.env, ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --expose-gc`.trim() },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${file} exited (code ${code}):\n${stderr}`);
  });
  exited.catch(() => {});
  const reply = () => Promise.race([once(child, 'message').then(([message]) => message), exited]);
  await reply();
  return {
    async run(jobs) {
      child.send({ jobs } satisfies JobProgramRequest);
      return (await reply()) as JobRunReport;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const stopped = once(child, 'exit');
      child.send({ stop: true } satisfies JobProgramRequest);
      const [code] = await stopped;
      if (code !== 0) throw new Error(`${file} failed as it stopped (exit ${code}):\n${stderr}`);
    },
  };
}
