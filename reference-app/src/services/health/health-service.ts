import type { Lifecycle } from '../../common/lifecycle.ts';
import type { Database } from '../../libs/database/index.ts';
import type { RedisLib } from '../../libs/redis/index.ts';

export const PING_TIMEOUT_MS = 1_000;

export type DependencyStatus = 'up' | 'down';
export interface DependencyChecks {
  postgres: DependencyStatus;
  redis: DependencyStatus;
}

/** Once shutting down began, the process takes no new work, whatever its dependencies say. */
export type Readiness =
  | { shuttingDown: true }
  | { shuttingDown: false; ready: boolean; checks: DependencyChecks };

interface HealthServiceDeps {
  database: Database;
  redis: RedisLib;
  lifecycle: Lifecycle;
}

// #region health-service
export class HealthService {
  readonly #deps: HealthServiceDeps;

  constructor(deps: HealthServiceDeps) {
    this.#deps = deps;
  }

  /** Ready means not draining, and every dependency answers now (asked in parallel, briefly). */
  async readiness(): Promise<Readiness> {
    const { database, redis, lifecycle } = this.#deps;
    if (lifecycle.phase !== 'serving') return { shuttingDown: true };
    const [postgres, redisStatus] = await Promise.all([
      statusOf(database.ping(PING_TIMEOUT_MS)),
      statusOf(redis.ping(PING_TIMEOUT_MS)),
    ]);
    const ready = postgres === 'up' && redisStatus === 'up';
    return { shuttingDown: false, ready, checks: { postgres, redis: redisStatus } };
  }
}
// #endregion health-service

async function statusOf(ping: Promise<void>): Promise<DependencyStatus> {
  try {
    await ping;
    return 'up';
  } catch {
    return 'down';
  }
}
