import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compareServers, memoryTarget } from '../compare.ts';
import type { BenchProcess } from '../processes.ts';
import { type Figure, type Subject, target } from '../results.ts';
import { appEntry, appEnvironment, type BenchRun, servedMetrics } from '../run.ts';
import { ACCOUNTS, signInAccounts } from './account-read.ts';

/** An OTLP/HTTP endpoint that takes every export and drops it: the cost measured is the app's. */
async function startDiscardingCollector() {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * The app with neither on, in CPU per request, as a share of this subject's, paired round by round
 * like every ratio: 1 costs nothing.
 */
const shareOfOff = (subjects: Subject[], name: string) => {
  const ratio = subjects.find((candidate) => candidate.name === name)?.cpuRatio;
  return ratio ? 1 / ratio : 0;
};

// #region observability-figure
export async function observabilityFigure(run: BenchRun): Promise<Figure> {
  const collector = await startDiscardingCollector();
  const app = appEnvironment(run, { metrics: false });
  const metrics = servedMetrics;
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  };
  let tokens: string[] = [];
  let next = 0;
  try {
    const subjects = await compareServers(
      {
        subjects: [
          { name: 'tracing off, metrics off', file: appEntry, env: app },
          { name: 'metrics on', file: appEntry, env: { ...app, ...metrics } },
          { name: 'tracing on', file: appEntry, env: { ...app, ...tracing } },
          { name: 'both on', file: appEntry, env: { ...app, ...metrics, ...tracing } },
        ],
        path: '/api/client/me',
        oneAtATime: 'beside',
        prepare: async ([first]) => {
          tokens = await signInAccounts(first as BenchProcess, run);
        },
        vary: () => ({ headers: { authorization: `Bearer ${tokens[next++ % tokens.length]}` } }),
      },
      run.shape,
    );
    return {
      id: 'observability',
      title: 'Observability on GET /api/client/me',
      method: `The account read of the figure above (${ACCOUNTS} accounts), by the app four times: with neither, with METRICS_PORT set (each request timed into the histogram), with an OTLP endpoint set and every request sampled (its HTTP span, service calls and queries, exported in batches as protobuf to a collector that drops them), and with both. The ratios compare each with the first: its throughput over each one's, and each one's CPU per request over its own.`,
      subjects,
      // Tracing gets no target: its cost depends on the sampler, and here every request is kept.
      targets: [
        target(
          'metrics on: CPU per request at least 0.95 of off',
          shareOfOff(subjects, 'metrics on'),
          'min',
          0.95,
        ),
        memoryTarget(subjects),
      ],
    };
  } finally {
    await collector.close();
  }
}
// #endregion observability-figure
