import assert from 'node:assert/strict';
import { startApi } from '../support/api.ts';
import { testEnvironment } from '../support/environment.ts';

const closedPort = 'redis://127.0.0.1:1';

describe('API /api/health and /api/ready', () => {
  it('when the process runs, then /api/health answers 200 ok', async () => {
    const api = await startApi();
    try {
      const response = await api.get('/api/health');

      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { status: 'ok' });
    } finally {
      await api.close();
    }
  });

  it('when PostgreSQL and Redis answer, then /api/ready is 200', async () => {
    const api = await startApi();
    try {
      const response = await api.get('/api/ready');

      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { status: 'ready', checks: { postgres: 'up', redis: 'up' } });
    } finally {
      await api.close();
    }
  });

  it('when Redis does not answer, then /api/ready is 503 and names redis', async () => {
    const api = await startApi({ env: { REDIS_URL: closedPort } });
    try {
      const response = await api.get('/api/ready');

      assert.equal(response.status, 503);
      assert.deepEqual(response.body.checks, { postgres: 'up', redis: 'down' });
    } finally {
      await api.close();
    }
  });

  it('when PostgreSQL does not answer, then /api/ready is 503 and names postgres', async () => {
    const unreachable = testEnvironment.DATABASE_URL.replace(/:\d+\//, ':1/');
    const api = await startApi({ env: { DATABASE_URL: unreachable } });
    try {
      const response = await api.get('/api/ready');

      assert.equal(response.status, 503);
      assert.deepEqual(response.body.checks, { postgres: 'down', redis: 'up' });
    } finally {
      await api.close();
    }
  });
});
