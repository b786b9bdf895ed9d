import { compareServers, memoryTarget } from '../compare.ts';
import type { Figure } from '../results.ts';
import { appEntry, appEnvironment, type BenchRun, baseline } from '../run.ts';

/** Argon2 takes the CPU: fewer connections than the reads keep the queue of hashes short. */
const CONNECTIONS = 10;

export async function registerFigure(run: BenchRun): Promise<Figure> {
  let signUps = 0;
  const subjects = await compareServers(
    {
      subjects: [
        { name: 'reference app', file: appEntry, env: appEnvironment(run) },
        {
          name: 'node:http + pg',
          file: baseline('raw-register.ts'),
          env: { DATABASE_URL: run.databaseUrl },
        },
      ],
      path: '/api/client/auth/register',
      oneAtATime: 'beside',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      vary: () => ({
        body: JSON.stringify({
          email: `writer-${run.id}-${signUps++}@example.com`,
          name: 'Bench Writer',
          password: 'benchmark password',
        }),
      }),
    },
    { ...run.shape, connections: CONNECTIONS },
  );
  return {
    id: 'register',
    title: 'POST /api/client/auth/register',
    method: `Every request signs up a new account, from ${CONNECTIONS} connections. Both check the body, hash the password with Argon2id (@node-rs/argon2 defaults), then in one transaction insert the user, grant the user role and write the outbox row for the welcome email. The app also counts the attempt against its sign-up rate limits in Redis.`,
    subjects,
    targets: [memoryTarget([subjects[0]])],
  };
}
