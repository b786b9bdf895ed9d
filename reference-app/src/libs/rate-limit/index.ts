import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisLib } from '../redis/index.ts';

export type RateLimitedAction = 'login' | 'register';

export interface RateLimitKeys {
  ip: string;
  account?: string | undefined;
}

export interface RateLimiter {
  /** Counts one attempt; returns the seconds to wait when a limit is reached, else undefined. */
  attempt(action: RateLimitedAction, keys: RateLimitKeys): Promise<number | undefined>;
}

interface RateLimitConfig {
  REDIS_KEY_PREFIX: string;
  RATE_LIMIT_WINDOW_SECONDS: number;
  RATE_LIMIT_AUTH_PER_IP: number;
  RATE_LIMIT_AUTH_PER_ACCOUNT: number;
}

// #region rate-limiter
/** Fixed windows in Redis (rate-limiter-flexible); while Redis is away, a per-process memory limiter stands in. */
export function createRateLimiter({
  config,
  redis,
}: {
  config: RateLimitConfig;
  redis: RedisLib;
}): RateLimiter {
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: `${config.REDIS_KEY_PREFIX}:rate-limit:${name}`,
      points,
      duration: config.RATE_LIMIT_WINDOW_SECONDS,
      insuranceLimiter: new RateLimiterMemory({
        points,
        duration: config.RATE_LIMIT_WINDOW_SECONDS,
      }),
    });
  const limiters = {
    login: {
      ip: limiter('login-ip', config.RATE_LIMIT_AUTH_PER_IP),
      account: limiter('login-account', config.RATE_LIMIT_AUTH_PER_ACCOUNT),
    },
    register: {
      ip: limiter('register-ip', config.RATE_LIMIT_AUTH_PER_IP),
      account: limiter('register-account', config.RATE_LIMIT_AUTH_PER_ACCOUNT),
    },
  };
  return {
    async attempt(action, keys) {
      const { ip, account } = limiters[action];
      try {
        await ip.consume(keys.ip);
        if (keys.account) await account.consume(keys.account);
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes)
          return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}
// #endregion rate-limiter
