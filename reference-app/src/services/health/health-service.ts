import type { Database } from '../../libs/database/index.ts';
import type { RedisLib } from '../../libs/redis/index.ts';

const PING_TIMEOUT_MS = 1_000;

export type DependencyStatus = 'up' | 'down';
export interface Readiness {
  ready: boolean;
  checks: { postgres: DependencyStatus; redis: DependencyStatus };
}

// #region health-service
export class HealthService {
  readonly #deps: { database: Database; redis: RedisLib };

  constructor(deps: { database: Database; redis: RedisLib }) {
    this.#deps = deps;
  }

  /** Ready means every dependency answers now; each is asked in parallel with a short timeout. */
  async readiness(): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([
      statusOf(this.#deps.database.ping(PING_TIMEOUT_MS)),
      statusOf(this.#deps.redis.ping(PING_TIMEOUT_MS)),
    ]);
    return { ready: postgres === 'up' && redis === 'up', checks: { postgres, redis } };
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
