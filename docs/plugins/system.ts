// The system's processes and services, and the path of one sign-up through them, as data the
// diagrams draw. systemProblems() checks the data against the code, so a renamed entry point,
// config variable, lib or region fails the build instead of leaving a wrong picture.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configVariables } from '../../reference-app/src/common/config.ts';
import { listRegions } from './regions.ts';

// #region system
export const processes = [
  { name: 'API', entry: 'reference-app/src/main-api.ts', does: 'answers HTTP; writes outbox rows' },
  {
    name: 'Worker',
    entry: 'reference-app/src/main-worker.ts',
    does: 'relays the outbox; runs tasks and schedules',
  },
  {
    name: 'Migrator',
    entry: 'reference-app/src/main-migrate.ts',
    does: 'applies migrations/ once per deploy',
  },
] as const;

export const services = [
  { name: 'PostgreSQL', variable: 'DATABASE_URL', lib: 'reference-app/src/libs/database' },
  { name: 'Redis', variable: 'REDIS_URL', lib: 'reference-app/src/libs/queue' },
  { name: 'S3', variable: 'S3_BUCKET', lib: 'reference-app/src/libs/s3' },
  { name: 'SMTP', variable: 'SMTP_URL', lib: 'reference-app/src/libs/mail' },
] as const;

type ProcessName = (typeof processes)[number]['name'];
type ServiceName = (typeof services)[number]['name'];

export const connections: { from: ProcessName; to: ServiceName; what: string }[] = [
  {
    from: 'API',
    to: 'PostgreSQL',
    what: 'accounts, sessions, roles; each outbox row in the transaction of its change',
  },
  { from: 'API', to: 'Redis', what: 'rate limits; queue counts' },
  { from: 'API', to: 'S3', what: 'signs download links of exports' },
  {
    from: 'Worker',
    to: 'PostgreSQL',
    what: 'takes outbox rows; the effects of tasks, each acknowledged with its job',
  },
  { from: 'Worker', to: 'Redis', what: 'Bee-Queue jobs; scheduler slots' },
  { from: 'Worker', to: 'S3', what: 'uploads exports' },
  { from: 'Worker', to: 'SMTP', what: 'sends emails' },
  { from: 'Migrator', to: 'PostgreSQL', what: 'the schema and its Flyway history' },
];
// #endregion system

// #region sign-up-sequence
/** One sign-up, from the request to the welcome email: who talks to whom, and where in the code. */
export const signUpSteps = [
  {
    from: 'Client',
    to: 'API',
    what: 'POST /api/client/auth/register',
    file: 'reference-app/src/api/controllers/client/routes.ts',
    region: 'register-route',
  },
  {
    from: 'API',
    to: 'PostgreSQL',
    what: 'one transaction: the user, the role user, and an outbox row asking for send-welcome-email',
    file: 'reference-app/src/services/users/user-service.ts',
    region: 'user-service',
  },
  {
    from: 'API',
    to: 'Client',
    what: '201 Created, whether Redis is up or not',
    file: 'reference-app/src/api/controllers/client/auth-controller.ts',
    region: 'auth-controller',
  },
  {
    from: 'Worker',
    to: 'PostgreSQL',
    what: 'the relay takes pending rows and leases each one',
    file: 'reference-app/src/services/outbox/outbox-publisher.ts',
    region: 'outbox-publisher',
  },
  {
    from: 'Worker',
    to: 'Redis',
    what: 'publishes each row as a job whose id is the row id',
    file: 'reference-app/src/libs/queue/index.ts',
    region: 'queue-publish',
  },
  {
    from: 'Redis',
    to: 'Worker',
    what: "delivers the job to the email broker's consumer, which checks its payload",
    file: 'reference-app/src/worker/app.ts',
    region: 'run-job',
  },
  {
    from: 'Worker',
    to: 'PostgreSQL',
    what: 'the task locks the user; a welcome already sent is skipped',
    file: 'reference-app/src/services/users/welcome-email-service.ts',
    region: 'welcome-email-service',
  },
  {
    from: 'Worker',
    to: 'SMTP',
    what: 'sends the welcome email',
    file: 'reference-app/src/libs/mail/index.ts',
    region: 'mailer',
  },
  {
    from: 'Worker',
    to: 'PostgreSQL',
    what: 'marks it sent and acknowledges the outbox row, in one commit',
    file: 'reference-app/src/services/users/welcome-email-service.ts',
    region: 'welcome-email-service',
  },
];
// #endregion sign-up-sequence

/** What in the data above no longer matches the code: entry points, variables, libs, regions. */
export function systemProblems(rootDir: string): string[] {
  const missing = (file: string) => !existsSync(path.join(rootDir, file));
  const participants = new Set([
    'Client',
    ...processes.map((p) => p.name),
    ...services.map((s) => s.name),
  ]);
  return [
    ...processes.filter((p) => missing(p.entry)).map((p) => `${p.name}: no entry point ${p.entry}`),
    ...services
      .filter((s) => !configVariables.includes(s.variable))
      .map((s) => `${s.name}: the config has no ${s.variable}`),
    ...services.filter((s) => missing(s.lib)).map((s) => `${s.name}: no lib ${s.lib}`),
    ...signUpSteps.flatMap((step) => {
      if (!participants.has(step.from) || !participants.has(step.to)) {
        return [`sign-up step "${step.what}": unknown participant`];
      }
      if (missing(step.file)) return [`sign-up step "${step.what}": no file ${step.file}`];
      const regions = listRegions(readFileSync(path.join(rootDir, step.file), 'utf8'), step.file);
      return regions.includes(step.region)
        ? []
        : [`sign-up step "${step.what}": no region ${step.region} in ${step.file}`];
    }),
  ];
}
