import path from 'node:path';
import knex from 'knex';
import { RELAY_BATCH_SIZE } from '../../../reference-app/src/worker/relay.ts';
import { cpuTarget, memoryTarget, summaryOf, withRatios } from '../compare.ts';
import { type JobProgram, type JobRunReport, startJobProgram } from '../processes.ts';
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
  const { workerJobs: jobs, workerConcurrency: concurrency } = run.shape;
  const { workerWarmupRounds: warmupRounds, workerRounds: rounds } = run.shape;
  const settings = {
    BENCH_CONCURRENCY: String(concurrency),
    BENCH_BATCH_SIZE: String(RELAY_BATCH_SIZE),
  };
  const programs = [
    await startJobProgram(projectWorker, { ...appEnvironment(run), ...settings }),
    await startJobProgram(baseline('raw-bee-queue.ts'), {
      ...settings,
      REDIS_URL: run.redisUrl,
      QUEUE_PREFIX: `bench-${run.id}-raw`,
    }),
  ];
  const reports = programs.map(() => [] as JobRunReport[]);
  try {
    // The warm-up rounds are thrown away. Short rounds, the programs taking turns and the other
    // going first each round, put both on the same moment of a shared machine.
    for (let round = -warmupRounds; round < rounds; round++) {
      await fillOutbox(run.databaseUrl, jobs);
      for (const index of round % 2 === 0 ? [1, 0] : [0, 1]) {
        const report = await (programs[index] as JobProgram).run(jobs);
        if (round >= 0) reports[index]?.push(report);
      }
    }
  } finally {
    await Promise.all(programs.map((program) => program.stop()));
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
    summary('reference app', reports[0] ?? []),
    summary('raw Bee-Queue', reports[1] ?? []),
  ]);
  return {
    id: 'worker',
    title: 'Worker: no-op jobs',
    method: `Rounds of ${jobs} no-op jobs at concurrency ${concurrency}, each counted from the first publish to the last job done. The app's jobs start as outbox rows; its relay publishes them ${RELAY_BATCH_SIZE} at a time and startConsumers runs them (broker policy, delivery count, deadline, log line). The baseline saves the same batches with Bee-Queue's saveAll and runs them with process(). Both programs stay up and take turns, ${rounds} rounds each after ${warmupRounds} to warm up, and collect their garbage before each round.`,
    subjects,
    targets: [
      cpuTarget(subjects, 'raw Bee-Queue', 0.8, 'job'),
      memoryTarget([subjects[0]], 'worker'),
    ],
  };
}
