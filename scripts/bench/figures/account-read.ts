import { compareServers, cpuTarget, memoryTarget } from '../compare.ts';
import type { BenchProcess } from '../processes.ts';
import { type Figure, target } from '../results.ts';
import {
  appEntry,
  appEnvironment,
  type BenchRun,
  baseline,
  fastifyEnvironment,
  JWT_SECRET,
} from '../run.ts';

export const ACCOUNTS = 50;
const PASSWORD = 'benchmark password';

async function post(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const signedIn = new Map<string, Promise<string[]>>();

/**
 * Signs up and signs in accounts through the app itself: each gets a real session and token. The
 * figures of one run share them (they share its database): Argon2 makes each sign-in costly.
 */
export function signInAccounts(app: BenchProcess, run: BenchRun): Promise<string[]> {
  let tokens = signedIn.get(run.id);
  if (!tokens) {
    tokens = createAccounts(app, `reader-${run.id}`);
    signedIn.set(run.id, tokens);
  }
  return tokens;
}

async function createAccounts(app: BenchProcess, emailPrefix: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let index = 0; index < ACCOUNTS; index++) {
    const email = `${emailPrefix}-${index}@example.com`;
    await post(`${app.url}/api/client/auth/register`, {
      email,
      name: `Reader ${index}`,
      password: PASSWORD,
    });
    const { accessToken } = await post(`${app.url}/api/client/auth/login`, {
      email,
      password: PASSWORD,
    });
    tokens.push(accessToken);
  }
  return tokens;
}

export async function accountReadFigure(run: BenchRun): Promise<Figure> {
  let tokens: string[] = [];
  let next = 0;
  const subjects = await compareServers(
    {
      subjects: [
        { name: 'reference app', file: appEntry, env: appEnvironment(run) },
        {
          name: 'node:http + pg',
          file: baseline('raw-account-read.ts'),
          env: { DATABASE_URL: run.databaseUrl, JWT_SECRET },
        },
        { name: 'Fastify', file: baseline('fastify-service.ts'), env: fastifyEnvironment(run) },
      ],
      path: '/api/client/me',
      oneAtATime: 'beside',
      prepare: async ([app]) => {
        tokens = await signInAccounts(app as BenchProcess, run);
      },
      vary: () => ({ headers: { authorization: `Bearer ${tokens[next++ % tokens.length]}` } }),
    },
    run.shape,
  );
  const [app, raw] = subjects;
  return {
    id: 'account-read',
    title: 'GET /api/client/me',
    method: `${ACCOUNTS} signed-in accounts take turns. Each subject checks the HS256 token, then that its session is live and its user active (with the user's roles), then reads the account with its roles: two indexed queries. The node:http baseline uses pg with prepared statements and fast-jwt (as the app does); the Fastify service adds its production concerns (as on the health check), checks the token with @fastify/jwt, runs the same prepared statements and answers through a response schema.`,
    subjects,
    targets: [
      cpuTarget(subjects, 'node:http + pg', 0.85),
      cpuTarget(subjects, 'Fastify', 1),
      target(
        `p99 at ${run.shape.connections} connections under 1.5× node:http + pg's`,
        (app?.p99Ms ?? Infinity) / (raw?.p99Ms ?? 0),
        'max',
        1.5,
      ),
      memoryTarget([app]),
    ],
  };
}
