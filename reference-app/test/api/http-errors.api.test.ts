import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { asValue } from 'awilix';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { capturedLogger } from '../support/log-capture.ts';

describe('API: bodies, request ids and unexpected errors', () => {
  let api: TestApi;
  const captured = capturedLogger();
  before(async () => {
    api = await startApi({
      overrides: {
        logger: asValue(captured.logger),
        userService: asValue({
          getPublicProfile: async () => {
            throw new Error('secret connection string postgres://admin:hunter2@db');
          },
        } as never),
      },
    });
  });
  after(() => api.close());

  it('when the body is not JSON, then 400 INVALID_JSON', async () => {
    const response = await api.post('/api/client/auth/login', '{"email": ');

    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'INVALID_JSON');
  });

  it('when the body is larger than the limit, then 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await api.post('/api/client/auth/login', {
      ...aRegistration(),
      name: 'x'.repeat(200_000),
    });

    assert.equal(response.status, 413);
    assert.equal(response.body.error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('when the body is sent as text, then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await api.post('/api/client/auth/login', 'hello', {
      'content-type': 'text/plain',
    });

    assert.equal(response.status, 415);
  });

  // #region request-id-test
  it('when a text body comes chunked, without a length, then 415 all the same', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('hello'));
        controller.close();
      },
    });

    const response = await fetch(`${api.url}/api/client/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
      duplex: 'half',
    } as RequestInit);

    assert.equal(response.status, 415);
  });

  it('when the caller sends x-request-id, then the same id comes back in the header and in errors', async () => {
    const response = await api.get('/api/nowhere', { 'x-request-id': 'trace-abc.123' });

    assert.equal(response.status, 404);
    assert.equal(response.headers.get('x-request-id'), 'trace-abc.123');
    assert.deepEqual(response.body, {
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: 'No route matches this method and path.',
        requestId: 'trace-abc.123',
      },
    });
  });
  // #endregion request-id-test

  it('when the x-request-id is unsafe, then a fresh id replaces it', async () => {
    const response = await api.get('/api/health', { 'x-request-id': 'bad id with spaces' });

    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('when an unexpected error happens, then 500 INTERNAL hides it and the log keeps the stack', async () => {
    const response = await api.get(`/api/public/profiles/${randomUUID()}`, {
      'x-request-id': 'boom-1',
    });

    assert.equal(response.status, 500);
    assert.doesNotMatch(response.text, /hunter2|secret|stack/);
    assert.equal(response.body.error.code, 'INTERNAL');
    const entry = captured.lines.find((line) => line.msg === 'unhandled error') as {
      requestId: string;
      err: { stack: string };
    };
    assert.equal(entry.requestId, 'boom-1');
    assert.match(entry.err.stack, /secret connection string/);
  });

  it('when a request ends, then one access line has method, path, route template, status, duration and request id, and no secrets', async () => {
    const registration = aRegistration();
    await api.post('/api/client/auth/login', registration, { 'x-request-id': 'access-1' });

    const line = captured.lines.find(
      (entry) => entry.msg === 'request' && entry.requestId === 'access-1',
    ) as Record<string, unknown>;

    assert.deepEqual(
      { method: line.method, path: line.path, route: line.route, status: line.status },
      {
        method: 'POST',
        path: '/api/client/auth/login',
        route: '/api/client/auth/login',
        status: 400,
      },
    );
    assert.equal(typeof line.durationMs, 'number');
    assert.doesNotMatch(JSON.stringify(captured.lines), new RegExp(registration.password));
  });

  it('when any response goes out, then security headers are set', async () => {
    const response = await api.get('/api/health');

    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(response.headers.get('content-security-policy'));
  });
});
