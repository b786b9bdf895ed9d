import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { READ_TIMEOUT_MARGIN_MS } from '../../src/libs/database/index.ts';
import { type Actor, signUp } from '../support/actors.ts';
import { startApi, type TestApi, type TestResponse } from '../support/api.ts';
import { aRegistration } from '../support/data.ts';
import { openTestDatabase } from '../support/database.ts';
import { testConfig, testEnvironment } from '../support/environment.ts';
import { capturedLogger } from '../support/log-capture.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { eventually } from '../support/wait.ts';

type Proxy = Awaited<ReturnType<typeof startTcpProxy>>;

/** Requests that each need PostgreSQL: an anonymous read, a signed-in read, a sign-up. */
function dataRequests(api: TestApi, reader: Actor) {
  return [
    () => api.get(`/api/public/profiles/${reader.user.id}`),
    () => api.get('/api/client/me', reader.auth),
    () => api.post('/api/client/auth/register', aRegistration()),
  ];
}

async function timed(request: () => Promise<TestResponse>) {
  const startedAt = performance.now();
  const response = await request();
  return { response, ms: performance.now() - startedAt };
}

function codesOf(answers: { response: TestResponse }[]) {
  return new Set(answers.map(({ response }) => `${response.status} ${response.body?.error?.code}`));
}

/** Sessions of the run's database stuck inside a transaction that nobody will end. */
async function openTransactions(): Promise<number> {
  const direct = openTestDatabase();
  try {
    const { rows } = await direct.handle.raw(
      "SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
    );
    return rows[0].open;
  } finally {
    await direct.close();
  }
}

// #region database-outage-test
describe('API with PostgreSQL away (behind a TCP proxy the test cuts or freezes)', function () {
  this.timeout(60_000);
  const log = capturedLogger('warn');
  const config = testConfig();
  let proxy: Proxy;
  let api: TestApi;
  let reader: Actor;
  before(async () => {
    const database = new URL(testEnvironment.DATABASE_URL);
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port) });
    database.port = String(proxy.port);
    api = await startApi({
      env: { DATABASE_URL: database.toString() },
      overrides: { logger: asValue(log.logger) },
    });
    reader = await signUp(api);
  });
  after(async () => {
    await api.close();
    await proxy.close();
  });

  it('when PostgreSQL is cut, then data routes answer only 503 DATABASE_UNAVAILABLE, logged once, and 200 within 2 s of its return', async () => {
    await proxy.cut();

    const answers = [];
    for (let round = 0; round < 10; round++) {
      answers.push(...(await Promise.all(dataRequests(api, reader).map(timed))));
    }

    assert.deepEqual(codesOf(answers), new Set(['503 DATABASE_UNAVAILABLE']));
    assert.ok(answers.every(({ response }) => response.headers.get('retry-after') === '1'));
    assert.deepEqual(
      log.messages().filter((message) => /PostgreSQL|unhandled/.test(message)),
      ['PostgreSQL unavailable: answering 503'],
    );
    await proxy.restore();
    await eventually(async () => {
      const { status } = await api.get(`/api/public/profiles/${reader.user.id}`);
      return status === 200 ? true : undefined;
    }, 2_000);
  });

  it('when PostgreSQL is frozen, then each request gets 503 DATABASE_UNAVAILABLE within the bound, and after it thaws no connection is left in a transaction', async () => {
    const boundMs =
      config.DATABASE_ACQUIRE_TIMEOUT_MS +
      config.DATABASE_STATEMENT_TIMEOUT_MS +
      READ_TIMEOUT_MARGIN_MS;
    // Idle connections in the pool, so that statements (a transaction's BEGIN) are sent and stuck.
    const read = () => api.get(`/api/public/profiles/${reader.user.id}`);
    await Promise.all(Array.from({ length: 8 }, read));
    proxy.freeze();

    const requests = dataRequests(api, reader).flatMap((request) => [request, request, request]);
    const answers = await Promise.all(requests.map(timed));

    assert.deepEqual(codesOf(answers), new Set(['503 DATABASE_UNAVAILABLE']));
    const slowest = Math.max(...answers.map(({ ms }) => ms));
    assert.ok(slowest < boundMs + 500, `slowest answer took ${Math.round(slowest)} ms`);
    await proxy.restore();
    await eventually(async () => {
      const { status } = await api.get('/api/client/me', reader.auth);
      return status === 200 ? true : undefined;
    }, 5_000);
    // Late answers to the frozen statements have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await openTransactions(), 0);
  });
});
// #endregion database-outage-test
