// The project's own path for no-op jobs: outbox rows (written before each round, as the API writes
// them) are published by the worker's relay, and consumed by startConsumers with the broker's
// policy, delivery counting, a deadline and a log line per job. Only the task's body is replaced,
// by one that does nothing. A round runs from the relay's start to the last job done.
import { asValue } from 'awilix';
import { loadConfig } from '../../reference-app/src/common/config.ts';
import { buildContainer } from '../../reference-app/src/container.ts';
import { startConsumers } from '../../reference-app/src/worker/app.ts';
import { emailBroker } from '../../reference-app/src/worker/brokers/email-broker.ts';
import { startOutboxRelay } from '../../reference-app/src/worker/relay.ts';
import { jobCountdown, serveJobRounds } from './job-clock.ts';

const concurrency = Number(process.env.BENCH_CONCURRENCY);

const countdown = jobCountdown();
const noOp = async () => {
  countdown.done();
  return 'sent' as const;
};
const container = buildContainer(loadConfig(), {
  sendWelcomeEmailTask: asValue(noOp),
});

await startConsumers(container.cradle, [{ ...emailBroker, concurrency }]);
await serveJobRounds(async (jobs) => {
  const allDone = countdown.expect(jobs);
  const relay = startOutboxRelay(container.cradle);
  await allDone;
  await relay.stop();
});

await container.cradle.queue.close(1_000);
await container.dispose();
