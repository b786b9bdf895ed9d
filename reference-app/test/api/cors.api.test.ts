import assert from 'node:assert/strict';
import { startApi, type TestApi } from '../support/api.ts';

describe('API CORS (CORS_ORIGINS)', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi({
      env: { CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' },
    });
  });
  after(() => api.close());

  it('when a listed origin asks, then it is allowed and may read the request id, Retry-After, the ETag, Location and the replay marker', async () => {
    const response = await api.get('/api/health', { origin: 'https://admin.example.com' });

    assert.equal(response.headers.get('access-control-allow-origin'), 'https://admin.example.com');
    assert.deepEqual(response.headers.get('access-control-expose-headers')?.split(',').sort(), [
      'etag',
      'idempotent-replayed',
      'location',
      'retry-after',
      'x-request-id',
    ]);
  });

  it('when another origin asks, then no CORS header lets it read the answer', async () => {
    const response = await api.get('/api/health', { origin: 'https://evil.example.net' });

    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('when a listed origin sends a preflight, then the method and headers are allowed', async () => {
    const response = await api.request('OPTIONS', '/api/client/me', {
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

    assert.equal(response.status, 204);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /PATCH/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
  });
});
