import { Redis } from 'ioredis';
import { withTimeout } from '../../utils/timeout.ts';

export interface RedisLib {
  client: Redis;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export function createRedis({ config }: { config: { REDIS_URL: string } }): RedisLib {
  // Commands wait for a reconnect, but not forever: each fails after two reconnect attempts.
  const client = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  client.on('error', () => {
    // ioredis reconnects by itself; callers see failures through their own commands.
  });
  return {
    client,
    async ping(timeoutMs) {
      await withTimeout(client.ping(), timeoutMs, 'Redis did not answer PING');
    },
    async close() {
      client.disconnect();
    },
  };
}
