import { Redis } from 'ioredis';
import { withTimeout } from '../../utils/timeout.ts';

// #region redis-lib
export interface RedisLib {
  client: Redis;
  ping(timeoutMs: number): Promise<void>;
  /** Adds one to a counter that expires after `ttlSeconds`; returns the new value. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /** True for the one caller that sets `key` first; the key expires after `ttlSeconds`. */
  tryLock(key: string, ttlSeconds: number): Promise<boolean>;
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * INCR and EXPIRE as one script: one command per call instead of MULTI, INCR, EXPIRE and EXEC.
 * ioredis sends it by hash, and whole again to a Redis that restarted and forgot it.
 */
const incrementWithExpiry = {
  numberOfKeys: 1,
  lua: "local value = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1]) return value",
};

export function createRedis({ config }: { config: { REDIS_URL: string } }): RedisLib {
  // While Redis is away a command fails within a second, so callers fall back instead of hanging.
  const client = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 2,
    commandTimeout: 1_000,
    scripts: { incrementWithExpiry },
  }) as Redis & { incrementWithExpiry(key: string, ttlSeconds: number): Promise<number> };
  client.on('error', () => {
    // ioredis reconnects by itself; callers see failures through their own commands.
  });
  return {
    client,
    async ping(timeoutMs) {
      await withTimeout(client.ping(), timeoutMs, 'Redis did not answer PING');
    },
    async increment(key, ttlSeconds) {
      return client.incrementWithExpiry(key, ttlSeconds);
    },
    async tryLock(key, ttlSeconds) {
      return (await client.set(key, String(process.pid), 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async release(key) {
      await client.del(key);
    },
    async close() {
      client.disconnect();
    },
  };
}
// #endregion redis-lib
