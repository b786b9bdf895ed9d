import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { aRegistration } from '../support/data.ts';
import { exitOf, startProcess } from '../support/processes.ts';
import { startRedisServer } from '../support/redis-server.ts';
import { startSmtpServer } from '../support/smtp-server.ts';
import { isolatedApi } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;

// #region drill-stack
/** A whole system of the drill's own: database, Redis server, mail server, API; workers are processes. */
async function drillStack(smtpDelayMs: number, extra: NodeJS.ProcessEnv = {}) {
  const redis = await startRedisServer();
  const smtp = await startSmtpServer({ delayMs: smtpDelayMs });
  const { stack, api } = await isolatedApi({
    REDIS_URL: redis.url,
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: smtp.url,
    ...extra,
  });
  return {
    redis,
    smtp,
    stack,
    api,
    startWorker: async (env: NodeJS.ProcessEnv = {}) => {
      const worker = startProcess('src/main-worker.ts', { ...stack.env, ...env });
      await eventually(
        async () => (worker.output().includes('worker ready') ? true : undefined),
        40_000,
      );
      return worker;
    },
    register: async (count: number) => {
      const users: { id: string; email: string }[] = [];
      for (let i = 0; i < count; i++) {
        const response = await api.post('/api/client/auth/register', aRegistration());
        assert.equal(response.status, 201, response.text);
        users.push(response.body);
      }
      return users;
    },
    welcomed: async (users: { id: string }[]) => {
      const rows = await api.container.cradle.database
        .handle('users')
        .whereIn(
          'id',
          users.map((user) => user.id),
        )
        .whereNotNull('welcomeEmailSentAt')
        .count<{ count: string }[]>({ count: '*' });
      return Number(rows[0]?.count);
    },
    /** Waits until every user is welcomed, then checks the mail server got one message each. */
    async expectEachWelcomedOnce(users: { id: string; email: string }[]) {
      await eventually(
        async () => ((await this.welcomed(users)) === users.length ? true : undefined),
        40_000,
      );
      assertEachWelcomedOnce(smtp, users);
    },
    async destroy() {
      await api.close();
      await smtp.close();
      await redis.stop();
    },
  };
}
// #endregion drill-stack

type Drill = Awaited<ReturnType<typeof drillStack>>;

async function stopsCleanly(worker: { child: ChildProcess; output: () => string }) {
  worker.child.kill('SIGTERM');
  assert.equal(await exitOf(worker.child), 0, worker.output());
}

function assertEachWelcomedOnce(smtp: Smtp, users: { email: string }[]) {
  assert.deepEqual(
    users.map((user) => smtp.countTo(user.email)),
    users.map(() => 1),
  );
}

describe('drills: the worker never loses a job (real processes, own Redis, own SMTP server)', function () {
  this.timeout(90_000);
  let drill: Drill | undefined;
  afterEach(async () => {
    await drill?.destroy();
    drill = undefined;
  });

  // #region kill-drill
  it('when a worker is killed with SIGKILL mid-job, then another worker finishes every job, each once', async () => {
    drill = await drillStack(2_000);
    const first = await drill.startWorker();
    const users = await drill.register(4);
    await eventually(async () => (drill?.smtp.receiving() ? true : undefined));

    first.child.kill('SIGKILL');
    await exitOf(first.child);
    const second = await drill.startWorker();

    await drill.expectEachWelcomedOnce(users);
    await stopsCleanly(second);
  });
  // #endregion kill-drill

  // #region redis-outage-drill
  it('when Redis is down, then sign-ups still answer 201, and every welcome goes out once Redis is back', async () => {
    drill = await drillStack(0);
    const worker = await drill.startWorker();
    await drill.redis.stop();

    const users = await drill.register(3);

    assert.equal(await drill.welcomed(users), 0);
    await drill.redis.start();

    await drill.expectEachWelcomedOnce(users);
    await stopsCleanly(worker);
  });
  // #endregion redis-outage-drill

  // #region sigterm-drill
  it('when SIGTERM comes during jobs that finish in time, then they finish and the worker exits 0', async () => {
    drill = await drillStack(500);
    const worker = await drill.startWorker({ SHUTDOWN_TIMEOUT_MS: '5000' });
    const users = await drill.register(3);
    await eventually(async () => (drill?.smtp.receiving() ? true : undefined));

    worker.child.kill('SIGTERM');

    assert.equal(await exitOf(worker.child), 0, worker.output());
    assert.equal(await drill.welcomed(users), users.length);
    assertEachWelcomedOnce(drill.smtp, users);
  });

  it('when SIGTERM comes during jobs longer than the shutdown limit, then it exits 0 and they are redelivered', async () => {
    drill = await drillStack(3_000);
    const first = await drill.startWorker({ SHUTDOWN_TIMEOUT_MS: '300' });
    const users = await drill.register(3);
    await eventually(async () => (drill?.smtp.receiving() ? true : undefined));

    first.child.kill('SIGTERM');

    assert.equal(await exitOf(first.child), 0, first.output());
    const second = await drill.startWorker();
    await drill.expectEachWelcomedOnce(users);
    await stopsCleanly(second);
  });
  // #endregion sigterm-drill
});
