// `npm run dev`: the docs site, the API and the worker, on this machine's PostgreSQL and Redis.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import concurrently from 'concurrently';
import S3rver from 's3rver';
import { ensureDatabase, ensureReachable } from './lib/services.ts';

const root = path.resolve(import.meta.dirname, '..');
const env: Record<string, string> = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/reference_app',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  PORT: process.env.PORT ?? '3000',
  MAIL_FILE_DIR: process.env.MAIL_FILE_DIR ?? path.join(root, '.data', 'mail'),
  // Development-only secrets, so that the first run needs no set-up. Production has no defaults.
  JWT_SECRET: process.env.JWT_SECRET ?? 'development-only-secret-do-not-use-in-production',
  SUPERADMIN_EMAIL: process.env.SUPERADMIN_EMAIL ?? 'superadmin@example.com',
  SUPERADMIN_PASSWORD: process.env.SUPERADMIN_PASSWORD ?? 'development superadmin',
};
const docsPort = process.env.DOCS_PORT ?? '4321';

// #region local-object-storage
/** Without S3_ENDPOINT, exports go to a local S3-compatible server (s3rver) storing in .data/s3. */
async function localObjectStorage(): Promise<Record<string, string>> {
  if (process.env.S3_ENDPOINT) return {};
  const port = Number(process.env.S3_PORT ?? 4569);
  const directory = process.env.S3_DATA_DIR ?? path.join(root, '.data', 's3');
  await new S3rver({ port, address: '127.0.0.1', silent: true, directory }).run();
  console.log(`Object storage (s3rver): http://127.0.0.1:${port}, files in ${directory}`);
  return {
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  };
}
// #endregion local-object-storage

// #region dev-steps
await ensureReachable('PostgreSQL', env.DATABASE_URL, 'pg_ctlcluster <version> main start');
await ensureReachable(
  'Redis',
  env.REDIS_URL,
  'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 (Debian: apt-get install redis-server)',
);
await ensureDatabase(env.DATABASE_URL);
Object.assign(env, await localObjectStorage());
const migrate = spawnSync('npm', ['run', 'migrate', '-w', 'reference-app'], {
  cwd: root,
  env: { ...process.env, ...env },
  stdio: 'inherit',
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const { result } = concurrently(
  [
    { name: 'docs', command: `npx astro dev --port ${docsPort}`, cwd: root },
    { name: 'api', command: 'node --watch src/main-api.ts', cwd: path.join(root, 'reference-app') },
    {
      name: 'worker',
      command: 'node --watch src/main-worker.ts',
      cwd: path.join(root, 'reference-app'),
    },
  ].map((command) => ({ ...command, env })),
  { prefixColors: ['blue', 'green', 'magenta'], killOthersOn: ['failure'], handleInput: false },
);
// #endregion dev-steps

console.log(`Docs: http://localhost:${docsPort}  API: http://localhost:${env.PORT}/api/health`);
console.log(`Super admin (development only): ${env.SUPERADMIN_EMAIL} / ${env.SUPERADMIN_PASSWORD}`);
await result.then(
  () => process.exit(0),
  () => process.exit(1),
);
