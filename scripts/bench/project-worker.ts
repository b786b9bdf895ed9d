// The project's own path for no-op jobs: outbox rows (written beforehand, as the API writes them)
// are published by the worker's relay, and consumed by startConsumers with the broker's policy,
// delivery counting, a deadline and a log line per job. Only the task's body is replaced, by one
// that does nothing. Reports jobs per second from the relay's start to the last job done.
import { asValue } from 'awilix';
import { loadConfig } from '../../reference-app/src/common/config.ts';
import { buildContainer } from '../../reference-app/src/container.ts';
import { startConsumers } from '../../reference-app/src/worker/app.ts';
import { emailBroker } from '../../reference-app/src/worker/brokers/email-broker.ts';
import { startOutboxRelay } from '../../reference-app/src/worker/relay.ts';
import { sendJobReport, startJobClock } from './job-clock.ts';

const jobs = Number(process.env.BENCH_JOBS);
const concurrency = Number(process.env.BENCH_CONCURRENCY);

let done = 0;
const { promise: allDone, resolve: finish } = Promise.withResolvers<void>();
const noOp = async () => {
  if (++done === jobs) finish();
  return 'sent' as const;
};
const container = buildContainer(loadConfig(), {
  sendWelcomeEmailTask: asValue(noOp),
});

await startConsumers(container.cradle, [{ ...emailBroker, concurrency }]);
const clock = startJobClock();
const relay = startOutboxRelay(container.cradle);
await allDone;
const measured = clock.stop(jobs);

await relay.stop();
await container.cradle.queue.close(1_000);
await container.dispose();
sendJobReport(measured);
