// Baseline: Bee-Queue alone. Each round, a producer saves that many no-op jobs in batches (as the
// outbox relay does) while one worker runs them with process(concurrency); a round runs from the
// first save to the last job done.
import BeeQueue from 'bee-queue';
import { jobCountdown, serveJobRounds } from '../job-clock.ts';

const concurrency = Number(process.env.BENCH_CONCURRENCY);
const batchSize = Number(process.env.BENCH_BATCH_SIZE);
// Without job events and the Map of jobs they empty, as the app's queue client opens its queues.
const settings = {
  prefix: process.env.QUEUE_PREFIX,
  redis: { url: process.env.REDIS_URL },
  getEvents: false,
  sendEvents: false,
  storeJobs: false,
};

const producer = new BeeQueue('bench', { ...settings, isWorker: false });
const worker = new BeeQueue('bench', {
  ...settings,
  activateDelayedJobs: true,
  removeOnSuccess: true,
  removeOnFailure: true,
});
await Promise.all([producer.ready(), worker.ready()]);

const countdown = jobCountdown();
worker.process(concurrency, async () => countdown.done());

await serveJobRounds(async (jobs) => {
  const allDone = countdown.expect(jobs);
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
});

await Promise.all([worker.close(), producer.close()]);
