// The job programs' side of a worker figure: what they time, and how they report it over IPC.
import type { JobRunReport } from './processes.ts';

/** Starts timing the measured part of a job program: wall time and this process's CPU time. */
export function startJobClock() {
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  return {
    /** The measured part is over: how long it took, and the CPU it used (user and system). */
    stop(jobs: number): Omit<JobRunReport, 'peakRssBytes'> {
      const { user, system } = process.cpuUsage(cpuAtStart);
      return { jobs, seconds: (performance.now() - startedAt) / 1000, cpuMicros: user + system };
    },
  };
}

/** Sends the report to the benchmark, with the process's peak memory, once it has shut down. */
export function sendJobReport(measured: Omit<JobRunReport, 'peakRssBytes'>): void {
  const report: JobRunReport = {
    ...measured,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.send?.(report);
}
