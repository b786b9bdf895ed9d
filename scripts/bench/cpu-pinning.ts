import { spawnSync } from 'node:child_process';

/**
 * Where the benchmark's processes run. Left to the kernel, a server moves between CPUs, now beside
 * its client and now not, and what a request costs it moves with that for seconds at a time; so
 * do PostgreSQL's backends, each keeping to the CPU it last ran on. Every process of ours starts
 * on `ours`, with the load generator. A server that waits on nothing else moves to `spare` for its
 * requests one at a time (see Comparison.oneAtATime); one that waits on PostgreSQL stays, as do
 * the job programs, so that PostgreSQL and Redis (shared servers, left where the kernel puts them)
 * find the other CPUs free. Under load, every server has `spare` to itself.
 */
/** Beside the load generator, on our CPU, or apart from it, on the spare one. */
export type Placement = 'beside' | 'apart';

export interface CpuPinning {
  ours: number;
  spare: number;
  /** Every CPU the benchmark may use, as taskset writes them (for example "0-3"). */
  all: string;
}

/** Expands taskset's list ("0,2-3") into CPU numbers. */
export function cpusOf(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [first, last = first] = part.split('-').map(Number);
    if (first === undefined || last === undefined || Number.isNaN(first) || Number.isNaN(last))
      throw new Error(`Not a CPU list: ${list}`);
    return Array.from({ length: last - first + 1 }, (_, index) => first + index);
  });
}

function taskset(args: string[]): string | undefined {
  const result = spawnSync('taskset', args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : undefined;
}

/** Ours is the first CPU it may use, the spare the last; none with one CPU or without taskset. */
function choosePinning(): CpuPinning | undefined {
  if (process.platform !== 'linux') return undefined;
  const all = taskset(['-p', '-c', String(process.pid)])
    ?.split(':')
    .at(-1)
    ?.trim();
  if (!all) return undefined;
  const cpus = cpusOf(all);
  const [ours] = cpus;
  const spare = cpus.at(-1);
  return ours === undefined || spare === undefined || ours === spare
    ? undefined
    : { ours, spare, all };
}

export const pinning = choosePinning();

/** The command that starts `node <file>` on our CPU (taskset execs node: same pid). */
export function subjectCommand(file: string): [string, string[]] {
  return pinning
    ? ['taskset', ['-c', String(pinning.ours), process.execPath, file]]
    : [process.execPath, [file]];
}

/** Moves every thread of the servers to our CPU (`beside`) or to the spare one (`apart`). */
export function placeServers(pids: number[], where: Placement): void {
  if (!pinning) return;
  const cpu = String(where === 'beside' ? pinning.ours : pinning.spare);
  for (const pid of pids) taskset(['-a', '-p', '-c', cpu, String(pid)]);
}

/**
 * Runs `work` with every thread of this process (the load generator) on our CPU, then gives it
 * every CPU back: the docs figure's build, for one, runs on all of them.
 */
export async function asPinnedClient<T>(work: () => Promise<T>): Promise<T> {
  if (!pinning) return work();
  taskset(['-a', '-p', '-c', String(pinning.ours), String(process.pid)]);
  try {
    return await work();
  } finally {
    taskset(['-a', '-p', '-c', pinning.all, String(process.pid)]);
  }
}
