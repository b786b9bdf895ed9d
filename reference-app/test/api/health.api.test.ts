import assert from 'node:assert/strict';
import { withApi } from '../support/api.ts';
import { testEnvironment } from '../support/environment.ts';

const closedPort = 'redis://127.0.0.1:1';

describe('API /api/health and /api/ready', () => {
  it('when shutting down has begun, then /api/ready is 503 SHUTTING_DOWN; once the port is closed, every answer ends its connection', async () => {
    await withApi({}, async (api) => {
      const { lifecycle } = api.container.cradle;
      lifecycle.startDraining();

      const ready = await api.get('/api/ready');
      const draining = await api.get('/api/health');
      lifecycle.startClosing();
      const closing = await api.get('/api/health');

      assert.deepEqual([ready.status, ready.body.error.code], [503, 'SHUTTING_DOWN']);
      assert.deepEqual(
        [draining.headers.get('connection'), closing.headers.get('connection')],
        ['keep-alive', 'close'],
      );
    });
  });

  it('when the process runs, then /api/health answers 200 ok', async () => {
    await withApi({}, async (api) => {
      const response = await api.get('/api/health');

      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { status: 'ok' });
    });
  });

  it('when PostgreSQL and Redis answer, then /api/ready is 200', async () => {
    await withApi({}, async (api) => {
      const response = await api.get('/api/ready');

      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { status: 'ready', checks: { postgres: 'up', redis: 'up' } });
    });
  });

  it('when Redis does not answer, then /api/ready is 503 NOT_READY and names redis', async () => {
    await withApi({ REDIS_URL: closedPort }, async (api) => {
      const response = await api.get('/api/ready');

      assert.deepEqual([response.status, response.body.error.code], [503, 'NOT_READY']);
      assert.deepEqual(response.body.error.details.checks, { postgres: 'up', redis: 'down' });
    });
  });

  it('when PostgreSQL does not answer, then /api/ready is 503 and names postgres', async () => {
    const unreachable = testEnvironment.DATABASE_URL.replace(/:\d+\//, ':1/');
    await withApi({ DATABASE_URL: unreachable }, async (api) => {
      const response = await api.get('/api/ready');

      assert.deepEqual([response.status, response.body.error.code], [503, 'NOT_READY']);
      assert.deepEqual(response.body.error.details.checks, { postgres: 'down', redis: 'up' });
    });
  });
});
