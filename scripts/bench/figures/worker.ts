import path from 'node:path';
import knex from 'knex';
import { RELAY_BATCH_SIZE } from '../../../reference-app/src/worker/relay.ts';
import { cpuTarget, memoryTarget, summaryOf, withRatios } from '../compare.ts';
import { type JobRunReport, runJobProgram } from '../processes.ts';
import type { Figure } from '../results.ts';
import { appEnvironment, type BenchRun, baseline } from '../run.ts';

const projectWorker = path.join(import.meta.dirname, '../project-worker.ts');

/** Writes the outbox rows the API would have written for that many sign-ups. */
async function fillOutbox(databaseUrl: string, jobs: number) {
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await db.raw(
      `INSERT INTO outbox (task, payload)
       SELECT 'send-welcome-email', jsonb_build_object('userId', gen_random_uuid())
       FROM generate_series(1, ?)`,
      [jobs],
    );
  } finally {
    await db.destroy();
  }
}

export async function workerFigure(run: BenchRun): Promise<Figure> {
  const { workerJobs: jobs, workerConcurrency: concurrency, workerRounds: rounds } = run.shape;
  const settings = {
    BENCH_JOBS: String(jobs),
    BENCH_CONCURRENCY: String(concurrency),
    BENCH_BATCH_SIZE: String(RELAY_BATCH_SIZE),
  };
  const reports: { app: JobRunReport[]; raw: JobRunReport[] } = { app: [], raw: [] };
  for (let round = 0; round < rounds; round++) {
    await fillOutbox(run.databaseUrl, jobs);
    reports.app.push(await runJobProgram(projectWorker, { ...appEnvironment(run), ...settings }));
    reports.raw.push(
      await runJobProgram(baseline('raw-bee-queue.ts'), {
        ...settings,
        REDIS_URL: run.redisUrl,
        QUEUE_PREFIX: `bench-${run.id}-raw`,
      }),
    );
  }
  const summary = (name: string, list: JobRunReport[]) => ({
    name,
    unit: 'jobs/s' as const,
    ...summaryOf(
      list.map((report) => report.jobs / report.seconds),
      list.map((report) => report.cpuMicros / report.jobs),
    ),
    peakRssMb: Math.max(...list.map((report) => report.peakRssBytes)) / (1024 * 1024),
  });
  const subjects = withRatios([
    summary('reference app', reports.app),
    summary('raw Bee-Queue', reports.raw),
  ]);
  return {
    id: 'worker',
    title: 'Worker: no-op jobs',
    method: `${jobs} no-op jobs at concurrency ${concurrency}, counted from the first publish to the last job done. The app's jobs start as outbox rows; its relay publishes them ${RELAY_BATCH_SIZE} at a time and startConsumers runs them (broker policy, delivery count, deadline, log line). The baseline saves the same batches with Bee-Queue's saveAll and runs them with process().`,
    subjects,
    targets: [
      cpuTarget(subjects, 'raw Bee-Queue', 0.8, 'job'),
      memoryTarget([subjects[0]], 'worker'),
    ],
  };
}
