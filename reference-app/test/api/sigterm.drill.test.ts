import assert from 'node:assert/strict';
import { Agent, type IncomingMessage, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { accepts, freePort } from '../../dev/net.ts';
import { aRegistration } from '../support/data.ts';
import { exitOf, startProcess } from '../support/processes.ts';
import { isolatedStack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** One HTTP exchange; `write` sends the body, in parts if it likes. */
function exchange(
  port: number,
  options: {
    method?: string;
    path: string;
    agent?: Agent | false;
    headers?: Record<string, string>;
  },
  write: (send: (chunk: string) => void) => Promise<void> = async () => {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, ...options },
      (response: IncomingMessage) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            connection: response.headers.connection,
            body,
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    write((chunk) => outgoing.write(chunk)).then(() => outgoing.end(), reject);
  });
}

const json = { 'content-type': 'application/json' };
const refused = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
/**
 * A brand-new connection that reaches the kernel as the port closes waits in its accept queue and
 * is reset with it: for a fresh connection, a reset before any answer means the port closed.
 */
const closedOnArrival = (error: unknown) =>
  refused(error) || (error as NodeJS.ErrnoException).code === 'ECONNRESET';

/** Clients on keep-alive connections, each sending its next request as soon as it can. */
function keepAliveClients(port: number, path: string, count: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: count });
  const answers: Answer[] = [];
  const failures: string[] = [];
  const done = Promise.all(
    Array.from({ length: count }, async () => {
      for (;;) {
        try {
          answers.push(await exchange(port, { path, agent }));
        } catch (error) {
          // Refused: the port closed, and the client stops. Anything else is a request cut off.
          if (!refused(error)) failures.push(String(error));
          return;
        }
      }
    }),
  ).finally(() => agent.destroy());
  return { answers, failures, done };
}

/** A sign-up whose body is still on its way until `finish()` is called. */
function slowSignUp(port: number) {
  const body = JSON.stringify(aRegistration());
  const { promise: finishing, resolve: finish } = Promise.withResolvers<void>();
  const headers = { ...json, 'content-length': String(Buffer.byteLength(body)) };
  const answer = exchange(
    port,
    { method: 'POST', path: '/api/client/auth/register', headers, agent: false },
    async (send) => {
      send(body.slice(0, 10));
      await finishing;
      send(body.slice(10));
    },
  );
  return { answer, finish };
}

/** Readiness on fresh connections until the port is closed: what it answered, in order. */
async function readinessUntilClosed(port: number): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    try {
      const ready = await exchange(port, { path: '/api/ready', agent: false });
      const code = ready.status === 503 ? JSON.parse(ready.body).error.code : String(ready.status);
      if (seen.at(-1) !== code) seen.push(code);
    } catch (error) {
      if (!closedOnArrival(error)) throw error;
      return [...seen, 'closed'];
    }
    await sleep(50);
  }
}

// #region sigterm-api-drill
describe('drill: SIGTERM to the API under keep-alive load (a real API process)', function () {
  this.timeout(60_000);

  it('when SIGTERM comes, then readiness is 503 before the port closes, no request is cut off, and the process exits 0', async () => {
    const stack = await isolatedStack();
    const port = await freePort();
    const api = startProcess('src/main-api.ts', {
      ...stack.env,
      PORT: String(port),
      SHUTDOWN_DRAIN_MS: '1500',
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    try {
      await eventually(() => accepts(port), 20_000);
      const signUp = await exchange(
        port,
        { method: 'POST', path: '/api/client/auth/register', headers: json },
        async (send) => send(JSON.stringify(aRegistration())),
      );
      const clients = keepAliveClients(
        port,
        `/api/public/profiles/${JSON.parse(signUp.body).id}`,
        8,
      );
      const slow = slowSignUp(port);
      await sleep(300);
      const before = await exchange(port, { path: '/api/ready', agent: false });

      api.child.kill('SIGTERM');

      const readiness = await readinessUntilClosed(port);
      slow.finish();
      const slowAnswer = await slow.answer;
      await clients.done;
      assert.equal(before.status, 200);
      assert.deepEqual(readiness, ['SHUTTING_DOWN', 'closed']);
      assert.deepEqual(clients.failures, []);
      assert.ok(clients.answers.every((answer) => answer.status === 200));
      assert.ok(clients.answers.some((answer) => answer.connection === 'close'));
      assert.equal(slowAnswer.status, 201, slowAnswer.body);
      assert.equal(await exitOf(api.child), 0, api.output());
    } finally {
      api.child.kill('SIGKILL');
      await stack.destroy();
    }
  });
});
// #endregion sigterm-api-drill
