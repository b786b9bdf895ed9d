import type { Lifecycle } from '../../common/lifecycle.ts';
import type { Database } from '../../libs/database/index.ts';
import type { RedisLib } from '../../libs/redis/index.ts';

const PING_TIMEOUT_MS = 1_000;

export type DependencyStatus = 'up' | 'down';
export interface Readiness {
  ready: boolean;
  /** True once shutting down began: the process takes no new work, whatever its dependencies. */
  draining: boolean;
  checks: { postgres: DependencyStatus; redis: DependencyStatus };
}

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
    if (lifecycle.phase !== 'serving') {
      return { ready: false, draining: true, checks: { postgres: 'down', redis: 'down' } };
    }
    const [postgres, redisStatus] = await Promise.all([
      statusOf(database.ping(PING_TIMEOUT_MS)),
      statusOf(redis.ping(PING_TIMEOUT_MS)),
    ]);
    const checks = { postgres, redis: redisStatus };
    return { ready: postgres === 'up' && redisStatus === 'up', draining: false, checks };
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
