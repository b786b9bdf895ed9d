import { asValue } from 'awilix';
import { buildContainer } from '../../src/container.ts';
import { startConsumers } from '../../src/worker/app.ts';
import { type Broker, brokers as realBrokers, taskRoutes } from '../../src/worker/brokers/index.ts';
import { startOutboxRelay } from '../../src/worker/relay.ts';
import { startScheduler } from '../../src/worker/scheduler.ts';
import { testConfig } from './environment.ts';

type ContainerOverrides = Parameters<typeof buildContainer>[1];

// #region worker-in-process
/** The worker's parts, in this process: consumers, outbox relay and (when asked) the scheduler. */
export async function startWorkerInProcess(
  options: {
    env?: NodeJS.ProcessEnv;
    overrides?: ContainerOverrides;
    brokers?: Broker[];
    schedulerTickMs?: number;
  } = {},
) {
  const brokers = options.brokers ?? realBrokers;
  const container = buildContainer(testConfig(options.env), {
    taskRoutes: asValue(taskRoutes(brokers)),
    ...options.overrides,
  });
  await container.cradle.objectStorage.ensureBucket();
  await startConsumers(container.cradle, brokers);
  const relay = startOutboxRelay(container.cradle);
  const schedules = brokers.flatMap((broker) => broker.schedules ?? []);
  const scheduler = options.schedulerTickMs
    ? startScheduler(container.cradle, schedules, options.schedulerTickMs)
    : undefined;
  return {
    container,
    async stop() {
      await Promise.all([relay.stop(), scheduler?.stop()]);
      await container.cradle.queue.close(2_000);
      await container.dispose();
    },
  };
}
// #endregion worker-in-process
