// The end of `npm run dev`'s start-up: wait until every process answers, then say so once.
import { randomBytes } from 'node:crypto';
import type concurrently from 'concurrently';
import type { ExtraProcess } from './launcher.ts';

/** What to try first: a sign-up whose welcome email the worker writes to the mail folder. */
function tryItLine(apiUrl: string): string {
  const email = `reader-${randomBytes(3).toString('hex')}@example.com`;
  const body = JSON.stringify({ email, name: 'First Reader', password: 'correct horse battery' });
  return `curl -i -X POST ${apiUrl}/client/auth/register -H 'content-type: application/json' -d '${body}'`;
}

/** Resolves true once the API, the worker and the extras all answer; false if one stops first. */
export async function whenReady(
  commands: ReturnType<typeof concurrently>['commands'],
  apiUrl: string | undefined,
  extras: ExtraProcess[],
): Promise<boolean> {
  const worker = commands.find((command) => command.name === 'worker');
  const workerReady = new Promise<void>((resolve) => {
    if (!worker) return resolve();
    const subscription = worker.stdout.subscribe((chunk) => {
      if (chunk.toString().includes('worker ready')) {
        subscription.unsubscribe();
        resolve();
      }
    });
  });
  let stopped = false;
  for (const command of commands) command.close.subscribe(() => (stopped = true));
  const answers = async (url: string) => {
    while (!stopped) {
      const response = await fetch(url).catch(() => undefined);
      if (response?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  await Promise.all([
    workerReady,
    ...(apiUrl ? [answers(`${apiUrl}/ready`)] : []),
    ...extras.map((extra) => answers(extra.url)),
  ]);
  return !stopped;
}

export function printReady(ready: {
  extras: ExtraProcess[];
  apiUrl: string | undefined;
  databaseNote: string;
  redisNote: string | undefined;
  mailDir: string;
  /** The API's and the worker's metrics endpoints. */
  metricsUrls: string[];
  tracesNote: string;
  superadminEmail: string | undefined;
  /** The development default, when SUPERADMIN_PASSWORD is unset. */
  defaultPassword: string | undefined;
}) {
  const lines = ['', '\x1b[1mReady.\x1b[0m'];
  for (const extra of ready.extras) lines.push(`  ${extra.name.padEnd(9)} ${extra.url}`);
  if (ready.apiUrl) {
    lines.push(
      `  API       ${ready.apiUrl}  (OpenAPI: ${ready.apiUrl}/openapi.json)`,
      `  Database  ${ready.databaseNote}`,
      `  Redis     ${ready.redisNote}`,
      `  Mail      written to ${ready.mailDir} as .eml files`,
      `  Metrics   ${ready.metricsUrls.join('  ')}  (API, worker)`,
      `  Traces    ${ready.tracesNote}`,
      `  Super admin: ${ready.superadminEmail}, password from SUPERADMIN_PASSWORD` +
        (ready.defaultPassword
          ? ` (unset, so the development default "${ready.defaultPassword}")`
          : ''),
      '',
      'Try it: sign up, and the worker writes the welcome email to the mail folder:',
      `  ${tryItLine(ready.apiUrl)}`,
    );
  } else {
    lines.push('  API and worker: not started, Redis is missing (see above).');
  }
  lines.push('', 'Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
}
