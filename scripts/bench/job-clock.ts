// The job programs' side of a worker figure: they stay up for the whole figure and run one round
// of jobs each time the benchmark asks, so that every measured round runs warm (JIT, pools,
// connections), as the server figures do after their warm-up.
import { on } from 'node:events';
import type { JobRunReport } from './processes.ts';

/** Counts a round's jobs as they finish: `expect` resolves once that many have called `done`. */
export function jobCountdown() {
  let round = { left: 0, finish: () => {} };
  return {
    expect(jobs: number): Promise<void> {
      const { promise, resolve } = Promise.withResolvers<void>();
      round = { left: jobs, finish: resolve };
      return promise;
    },
    done(): void {
      if (--round.left === 0) round.finish();
    },
  };
}

/** What the benchmark sends a job program: run that many jobs, or shut down. */
export type JobProgramRequest = { jobs: number } | { stop: true };

/**
 * Says it is ready, then runs each round asked for: its wall time and this process's CPU time
 * (user and system, all threads) over the round, with the peak memory so far, go back over IPC.
 * Returns when the benchmark asks it to stop.
 */
export async function serveJobRounds(runJobs: (jobs: number) => Promise<void>): Promise<void> {
  process.send?.('ready');
  for await (const [request] of on(process, 'message') as AsyncIterable<[JobProgramRequest]>) {
    if ('stop' in request) return;
    // A major collection lands in whichever round fills the heap: collected before each round,
    // none does, and each round carries its own garbage, as a fresh process would.
    (globalThis as { gc?: () => void }).gc?.();
    const startedAt = performance.now();
    const cpuAtStart = process.cpuUsage();
    await runJobs(request.jobs);
    const { user, system } = process.cpuUsage(cpuAtStart);
    const report: JobRunReport = {
      jobs: request.jobs,
      seconds: (performance.now() - startedAt) / 1000,
      cpuMicros: user + system,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    process.send?.(report);
  }
}
