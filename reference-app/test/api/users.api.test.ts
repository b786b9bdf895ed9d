import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { asValue } from 'awilix';
import { createLogger } from '../../src/libs/log/index.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';

describe('API /api/client/users', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('when a valid registration is posted, then 201 returns the user without any password field', async () => {
    const registration = aRegistration();

    const response = await api.post('/api/client/users', registration);

    assert.equal(response.status, 201);
    const body = response.body;
    assert.deepEqual(Object.keys(body).sort(), ['createdAt', 'email', 'id', 'name']);
    assert.equal(body.email, registration.email);
    assert.equal(response.headers.get('location'), `/api/client/users/${body.id}`);
  });

  it('when the email is already registered in another case, then 409 EMAIL_TAKEN names the field', async () => {
    const registration = aRegistration();
    await api.post('/api/client/users', registration);

    const response = await api.post('/api/client/users', {
      ...registration,
      email: registration.email.toUpperCase(),
    });

    assert.equal(response.status, 409);
    const { error } = response.body;
    assert.equal(error.code, 'EMAIL_TAKEN');
    assert.deepEqual(error.details, { field: 'email' });
  });

  it('when fields are invalid or unknown, then 400 VALIDATION_FAILED lists each failing field', async () => {
    const response = await api.post('/api/client/users', {
      email: 'not-an-email',
      name: '',
      password: 'short',
      role: 'admin',
    });

    assert.equal(response.status, 400);
    const { error } = response.body;
    assert.equal(error.code, 'VALIDATION_FAILED');
    const fields = error.details.fields.map((failure: { field: string | null }) => failure.field);
    assert.deepEqual(fields, ['email', 'name', 'password', 'role']);
  });

  it('when the body is not JSON, then 400 INVALID_JSON', async () => {
    const response = await api.post('/api/client/users', '{"email": ');

    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'INVALID_JSON');
  });

  it('when the body is larger than the limit, then 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await api.post('/api/client/users', {
      ...aRegistration(),
      name: 'x'.repeat(200_000),
    });

    assert.equal(response.status, 413);
    assert.equal(response.body.error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('when the body is sent as text, then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await api.post('/api/client/users', 'hello', { 'content-type': 'text/plain' });

    assert.equal(response.status, 415);
  });

  it('when a registered user is fetched by id, then 200 returns the same user', async () => {
    const created = (await api.post('/api/client/users', aRegistration())).body;

    const response = await api.get(`/api/client/users/${created.id}`);

    assert.equal(response.status, 200);
    assert.deepEqual(response.body, created);
  });

  it('when no user has the id, then 404 USER_NOT_FOUND', async () => {
    const response = await api.get(`/api/client/users/${randomUUID()}`);

    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'USER_NOT_FOUND');
  });

  it('when the id is not a UUID, then 400 before any SQL runs', async () => {
    const response = await api.get("/api/client/users/1';drop table users;--");

    assert.equal(response.status, 400);
    assert.equal(response.body.error.details.fields[0].field, 'id');
  });
});

describe('API errors and request ids', () => {
  let api: TestApi;
  const logLines: string[] = [];
  before(async () => {
    const captured = createLogger(
      { config: { LOG_LEVEL: 'error' } },
      { write: (line: string) => logLines.push(line) },
    );
    api = await startApi({
      overrides: {
        logger: asValue(captured),
        userService: asValue({
          getById: async () => {
            throw new Error('secret connection string postgres://admin:hunter2@db');
          },
        } as never),
      },
    });
  });
  after(() => api.close());

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

  it('when the x-request-id is unsafe, then a fresh id replaces it', async () => {
    const response = await api.get('/api/health', { 'x-request-id': 'bad id with spaces' });

    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('when an unexpected error happens, then 500 INTERNAL hides it and the log keeps the stack', async () => {
    const response = await api.get(`/api/client/users/${randomUUID()}`, {
      'x-request-id': 'boom-1',
    });

    assert.equal(response.status, 500);
    const text = response.text;
    assert.doesNotMatch(text, /hunter2|secret|stack/);
    assert.deepEqual(JSON.parse(text).error.code, 'INTERNAL');
    const entry = JSON.parse(logLines.at(-1) ?? '{}');
    assert.equal(entry.requestId, 'boom-1');
    assert.match(entry.err.stack, /secret connection string/);
  });
});
