import type { Config } from './common/config.ts';
import type { Database } from './libs/database/index.ts';
import type { QueueClient } from './libs/queue/index.ts';
import type { RedisLib } from './libs/redis/index.ts';
import { type Registry, registerProcessGauges } from './libs/telemetry/metrics.ts';
import { type MetricsServer, startMetricsServer } from './libs/telemetry/metrics-server.ts';
import type { QueueReportService } from './services/jobs/queue-report-service.ts';

/** What the metrics endpoint reads, taken from the container once when the process starts. */
export interface MetricsEndpointDependencies {
  config: Pick<Config, 'METRICS_PORT' | 'METRICS_HOST'>;
  metricsRegistry: Registry;
  queueReportService: QueueReportService;
  database: Database;
  redis: RedisLib;
  queue: QueueClient;
}

// #region serve-metrics
/**
 * Serves the process's metrics when METRICS_PORT is set: its own figures (requests or jobs, which
 * its code records), and those every process shares: runtime, pools and backlog.
 */
export async function serveMetrics(
  dependencies: MetricsEndpointDependencies,
): Promise<MetricsServer | undefined> {
  const { config, metricsRegistry, queueReportService, database, redis, queue } = dependencies;
  if (config.METRICS_PORT === undefined) return undefined;
  registerProcessGauges(
    metricsRegistry,
    () => queueReportService.report(),
    () => ({
      database: database.poolStats(),
      redis: [
        { client: 'app', connected: redis.client.status === 'ready' ? 1 : 0, total: 1 },
        { client: 'queue', ...queue.connections() },
      ],
    }),
  );
  return startMetricsServer(metricsRegistry, {
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
  });
}
// #endregion serve-metrics
