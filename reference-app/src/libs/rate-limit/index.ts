import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Logger } from '../log/index.ts';
import type { RedisLib } from '../redis/index.ts';

/** Every check of a credential (a password, today) is one of these: per IP and per account. */
export const rateLimitedActions = ['login', 'register', 'password-check'] as const;
export type RateLimitedAction = (typeof rateLimitedActions)[number];

export interface RateLimitKeys {
  ip: string;
  account?: string | undefined;
}

export interface RateLimiter {
  /** Counts one attempt; returns the seconds to wait when a limit is reached, else undefined. */
  attempt(action: RateLimitedAction, keys: RateLimitKeys): Promise<number | undefined>;
  close(): void;
}

interface RateLimitConfig {
  REDIS_KEY_PREFIX: string;
  RATE_LIMIT_WINDOW_SECONDS: number;
  RATE_LIMIT_AUTH_PER_IP: number;
  RATE_LIMIT_AUTH_PER_ACCOUNT: number;
}

type Limiters = Record<
  RateLimitedAction,
  { ip: RateLimiterAbstract; account: RateLimiterAbstract }
>;

/** While Redis is away, how often the rate limiter asks whether it is back. */
export const REDIS_PROBE_INTERVAL_MS = 1_000;
const PROBE_TIMEOUT_MS = 500;

function limitersOf(
  config: RateLimitConfig,
  make: (name: string, points: number) => RateLimiterAbstract,
): Limiters {
  const perIp = config.RATE_LIMIT_AUTH_PER_IP;
  const perAccount = config.RATE_LIMIT_AUTH_PER_ACCOUNT;
  const limiters = rateLimitedActions.map((action) => [
    action,
    { ip: make(`${action}-ip`, perIp), account: make(`${action}-account`, perAccount) },
  ]);
  return Object.fromEntries(limiters) as Limiters;
}

/** Whether Redis is away; after a failure, one probe asks again until Redis answers. */
function redisWatch(redis: RedisLib, logger: Pick<Logger, 'warn' | 'info'>) {
  let away = false;
  let closed = false;
  let probe: NodeJS.Timeout | undefined;
  const askAgain = () => {
    probe = setTimeout(async () => {
      const answered = await redis.ping(PROBE_TIMEOUT_MS).then(
        () => true,
        () => false,
      );
      if (closed) return;
      if (!answered) return askAgain();
      away = false;
      logger.info({ dependency: 'redis' }, 'rate limits are counted in Redis again');
    }, REDIS_PROBE_INTERVAL_MS).unref();
  };
  return {
    get away() {
      return away;
    },
    failed(error: Error) {
      if (away) return;
      away = true;
      logger.warn(
        { dependency: 'redis', reason: error.message },
        'Redis unavailable: rate limits are counted in memory until it answers',
      );
      askAgain();
    },
    close() {
      closed = true;
      clearTimeout(probe);
    },
  };
}

// #region rate-limiter
/**
 * Fixed windows in Redis (rate-limiter-flexible). The first Redis failure switches every limit to
 * a per-process memory twin, and a probe pings Redis in the background until it answers again:
 * while Redis is away, requests pay no Redis timeout.
 */
export function createRateLimiter({
  config,
  redis,
  logger,
}: {
  config: RateLimitConfig;
  redis: RedisLib;
  logger: Pick<Logger, 'warn' | 'info'>;
}): RateLimiter {
  const duration = config.RATE_LIMIT_WINDOW_SECONDS;
  const inRedis = limitersOf(config, (name, points) => {
    const keyPrefix = `${config.REDIS_KEY_PREFIX}:rate-limit:${name}`;
    return new RateLimiterRedis({ storeClient: redis.client, keyPrefix, points, duration });
  });
  const inMemory = limitersOf(
    config,
    (_name, points) => new RateLimiterMemory({ points, duration }),
  );
  const watch = redisWatch(redis, logger);

  const attempt = async (action: RateLimitedAction, keys: RateLimitKeys) => {
    const { ip, account } = (watch.away ? inMemory : inRedis)[action];
    try {
      await ip.consume(keys.ip);
      if (keys.account) await account.consume(keys.account);
      return undefined;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      if (ip === inMemory[action].ip) throw error;
      watch.failed(error as Error);
      // Counted in memory now, whether this request or a concurrent one met the failure.
      return attempt(action, keys);
    }
  };

  return { attempt, close: () => watch.close() };
}
// #endregion rate-limiter
