import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { DbHandle } from '../../src/libs/database/index.ts';
import { aRegistration } from './data.ts';
import { exitOf, startProcess } from './processes.ts';
import { startRedisServer } from './redis-server.ts';
import { startSmtpServer } from './smtp-server.ts';
import { isolatedApi } from './stack.ts';
import { eventually } from './wait.ts';

type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;

async function welcomedCount(db: DbHandle, users: { id: string }[]): Promise<number> {
  const rows = await db('users')
    .whereIn(
      'id',
      users.map((user) => user.id),
    )
    .whereNotNull('welcomeEmailSentAt')
    .count<{ count: string }[]>({ count: '*' });
  return Number(rows[0]?.count);
}

/** What the outbox and the dead letters say of the users' welcome jobs: why a drill waited in vain. */
async function jobStates(db: DbHandle, users: { id: string }[]): Promise<string> {
  const ids = users.map((user) => user.id);
  const jobs = await db('outbox')
    .whereRaw("payload->>'userId' = ANY(?)", [ids])
    .select('publishedAt', 'leaseUntil', 'deliveries', 'failures', 'republished', 'doneAt');
  const deadLetters = await db('deadLetters')
    .whereRaw("payload->>'userId' = ANY(?)", [ids])
    .select('reason', 'attempts', 'error');
  const welcomed = await welcomedCount(db, users);
  return `welcomed ${welcomed} of ${users.length}; outbox ${JSON.stringify(jobs)}; dead letters ${JSON.stringify(deadLetters)}`;
}

// #region drill-stack
/** A whole system of the drill's own: database, Redis server, mail server, API; workers are processes. */
export async function drillStack(smtpDelayMs: number, extra: NodeJS.ProcessEnv = {}) {
  const redis = await startRedisServer();
  const smtp = await startSmtpServer({ delayMs: smtpDelayMs });
  const { stack, api } = await isolatedApi({
    REDIS_URL: redis.url,
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: smtp.url,
    ...extra,
  });
  const db = api.container.cradle.database.handle;
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
    welcomed: (users: { id: string }[]) => welcomedCount(db, users),
    /** Waits until every user is welcomed, then checks the mail server got one message each. */
    async expectEachWelcomedOnce(users: { id: string; email: string }[], timeoutMs = 40_000) {
      try {
        await eventually(
          async () => ((await this.welcomed(users)) === users.length ? true : undefined),
          timeoutMs,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; ${await jobStates(db, users)}`);
      }
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

export type Drill = Awaited<ReturnType<typeof drillStack>>;

export async function stopsCleanly(worker: { child: ChildProcess; output: () => string }) {
  worker.child.kill('SIGTERM');
  assert.equal(await exitOf(worker.child), 0, worker.output());
}

export function assertEachWelcomedOnce(smtp: Smtp, users: { email: string }[]) {
  assert.deepEqual(
    users.map((user) => smtp.countTo(user.email)),
    users.map(() => 1),
  );
}
