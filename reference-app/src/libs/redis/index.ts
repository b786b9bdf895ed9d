import { Redis } from 'ioredis';
import { withTimeout } from '../../utils/timeout.ts';

// #region redis-lib
export interface RedisLib {
  client: Redis;
  ping(timeoutMs: number): Promise<void>;
  /** True for the one caller that sets `key` first; the key expires after `ttlSeconds`. */
  tryLock(key: string, ttlSeconds: number): Promise<boolean>;
  release(key: string): Promise<void>;
  close(): Promise<void>;
}

/** While Redis is away a command fails within this, so callers fall back instead of hanging. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** Tries of a command while the connection is down, before it fails. */
export const REDIS_RETRIES_PER_REQUEST = 2;

export function createRedis({ config }: { config: { REDIS_URL: string } }): RedisLib {
  const client = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: REDIS_RETRIES_PER_REQUEST,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  });
  client.on('error', () => {
    // ioredis reconnects by itself; callers see failures through their own commands.
  });
  return {
    client,
    async ping(timeoutMs) {
      await withTimeout(client.ping(), timeoutMs, 'Redis did not answer PING');
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
