// Baseline: Bee-Queue alone. A producer saves BENCH_JOBS no-op jobs in batches (as the outbox relay
// does) while one worker runs them with process(concurrency); reports jobs per second from the
// first save to the last job done.
import BeeQueue from 'bee-queue';
import { sendJobReport, startJobClock } from '../job-clock.ts';

const jobs = Number(process.env.BENCH_JOBS);
const concurrency = Number(process.env.BENCH_CONCURRENCY);
const batchSize = Number(process.env.BENCH_BATCH_SIZE);
const settings = { prefix: process.env.QUEUE_PREFIX, redis: { url: process.env.REDIS_URL } };

const producer = new BeeQueue('bench', { ...settings, isWorker: false, getEvents: false });
const worker = new BeeQueue('bench', {
  ...settings,
  activateDelayedJobs: true,
  removeOnSuccess: true,
  removeOnFailure: true,
});
await Promise.all([producer.ready(), worker.ready()]);

let done = 0;
const { promise: allDone, resolve: finish } = Promise.withResolvers<void>();
worker.process(concurrency, async () => {
  if (++done === jobs) finish();
});

const clock = startJobClock();
for (let saved = 0; saved < jobs; saved += batchSize) {
  const batch = Array.from({ length: Math.min(batchSize, jobs - saved) }, () =>
    producer
      .createJob({ message: { task: 'no-op', payload: {} } })
      .retries(5)
      .backoff('exponential', 1_000),
  );
  await producer.saveAll(batch);
}
await allDone;
const measured = clock.stop(jobs);

await Promise.all([worker.close(), producer.close()]);
sendJobReport(measured);
