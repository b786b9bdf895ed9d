import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Route } from '../../src/api/route-definition.ts';
import { routeTable } from '../../src/api/route-table.ts';
import { signUp } from '../support/actors.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { testEnvironment } from '../support/environment.ts';
import { startRedisServer } from '../support/redis-server.ts';
import { eventually } from '../support/wait.ts';

/** Each test gets an API of its own, with low limits and its own Redis keys. */
async function apiWithLimits(
  perIp: number,
  perAccount: number,
  env: NodeJS.ProcessEnv = {},
): Promise<TestApi> {
  return startApi({
    env: {
      ...env,
      RATE_LIMIT_AUTH_PER_IP: String(perIp),
      RATE_LIMIT_AUTH_PER_ACCOUNT: String(perAccount),
      REDIS_KEY_PREFIX: `${testEnvironment.QUEUE_PREFIX}-rl-${randomUUID().slice(0, 8)}`,
    },
  });
}

describe('API rate limits on every credential check (real Redis)', () => {
  const apis: TestApi[] = [];
  after(() => Promise.all(apis.map((api) => api.close())));

  // #region account-limit-test
  it('when one account gets too many login attempts, then 429 RATE_LIMITED with Retry-After', async () => {
    const api = await apiWithLimits(100, 3);
    apis.push(api);
    const { email } = aRegistration();

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push(
        (await api.post('/api/client/auth/login', { email, password: 'guess number n' })).status,
      );
    }
    const limited = await api.post('/api/client/auth/login', { email, password: 'guess number n' });

    assert.deepEqual(statuses, [401, 401, 401, 429]);
    assert.equal(limited.body.error.code, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
    assert.equal(limited.body.error.details.retryAfterSeconds, retryAfter);
  });
  // #endregion account-limit-test

  // #region password-check-limit-test
  it('when a stolen token guesses the current password, then 429 after the limit, even for the right one', async () => {
    const api = await apiWithLimits(100, 3);
    apis.push(api);
    const victim = await signUp(api);
    const guess = (currentPassword: string) =>
      api.post(
        '/api/client/me/password',
        { currentPassword, newPassword: 'taken over for good' },
        victim.auth,
      );

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++)
      statuses.push((await guess('guess number n')).status);
    const right = await guess(victim.password);

    assert.deepEqual(statuses, [403, 403, 403]);
    assert.deepEqual([right.status, right.body.error.code], [429, 'RATE_LIMITED']);
    assert.ok(Number(right.headers.get('retry-after')) >= 1);
  });
  // #endregion password-check-limit-test

  it('when a route takes a password, then it declares a rate limit', () => {
    const takesPassword = (route: Route) =>
      Object.keys((route.request.body as { shape?: object } | undefined)?.shape ?? {}).some(
        (field) => /password/i.test(field),
      );
    const unlimited = routeTable
      .flatMap((group) => group.routes)
      .filter((route) => takesPassword(route) && !route.rateLimit)
      .map((route) => route.operationId);

    assert.deepEqual(unlimited, []);
  });

  it('when another account is tried from the same IP, then only the IP limit counts', async () => {
    const api = await apiWithLimits(100, 1);
    apis.push(api);

    const first = await api.post('/api/client/auth/login', {
      email: aRegistration().email,
      password: 'x',
    });
    const second = await api.post('/api/client/auth/login', {
      email: aRegistration().email,
      password: 'x',
    });

    assert.deepEqual([first.status, second.status], [401, 401]);
  });

  it('when behind a proxy a client forges X-Forwarded-For, then the address the proxy added still counts', async () => {
    const api = await apiWithLimits(1, 100, { TRUST_PROXY: 'true' });
    apis.push(api);
    const from = (forged: string) => ({ 'x-forwarded-for': `${forged}, 203.0.113.7` });

    const first = await api.post(
      '/api/client/auth/register',
      aRegistration(),
      from('198.51.100.1'),
    );
    const second = await api.post(
      '/api/client/auth/register',
      aRegistration(),
      from('198.51.100.2'),
    );

    assert.deepEqual([first.status, second.status], [201, 429]);
  });

  it('when one IP registers too often, then 429 whatever the emails', async () => {
    const api = await apiWithLimits(2, 100);
    apis.push(api);

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      statuses.push((await api.post('/api/client/auth/register', aRegistration())).status);
    }

    assert.deepEqual(statuses, [201, 201, 429]);
  });

  // #region redis-away-test
  it('when Redis stops answering, then one attempt waits for it, the next are counted in memory at once, and Redis counts again once it answers', async () => {
    const redis = await startRedisServer();
    const api = await apiWithLimits(100, 3, { REDIS_URL: redis.url });
    apis.push(api);
    const attempt = async (email: string) => {
      const startedAt = performance.now();
      const { status } = await api.post('/api/client/auth/login', { email, password: 'guess n' });
      return { status, ms: performance.now() - startedAt };
    };
    const { email } = aRegistration();
    try {
      redis.freeze();

      const first = await attempt(email);
      const next = [await attempt(email), await attempt(email), await attempt(email)];

      assert.deepEqual(
        [first, ...next].map(({ status }) => status),
        [401, 401, 401, 429],
      );
      assert.ok(first.ms >= 900, `the first attempt waited ${Math.round(first.ms)} ms for Redis`);
      const slowest = Math.max(...next.map(({ ms }) => ms));
      assert.ok(slowest < 500, `the slowest next attempt took ${Math.round(slowest)} ms`);
      redis.thaw();
      const keys = new Redis(redis.url);
      try {
        await eventually(async () => {
          await attempt(aRegistration().email);
          return (await keys.keys('*rate-limit*')).length ? true : undefined;
        }, 5_000);
      } finally {
        keys.disconnect();
      }
    } finally {
      await redis.stop();
    }
  });
  // #endregion redis-away-test
});
