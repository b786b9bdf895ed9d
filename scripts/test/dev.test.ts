import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { portsOutsideEphemeral } from '../../reference-app/test/support/ports.ts';
import { eventually } from '../../reference-app/test/support/wait.ts';

const root = path.resolve(import.meta.dirname, '../..');
const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True once the URL answers 2xx; undefined while the server is still starting. */
async function answers(url: string): Promise<true | undefined> {
  const response = await fetch(url).catch(() => undefined);
  return response?.ok ? true : undefined;
}

async function dropDatabase(name: string) {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await client.end();
}

async function deleteKeys(pattern: string) {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(pattern);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

describe('npm run dev (scripts/dev.ts)', function () {
  this.timeout(90_000);
  const database = `refapp_dev_${process.pid}`;
  const mailDir = mkdtempSync(path.join(tmpdir(), 'dev-mail-'));
  const s3Dir = mkdtempSync(path.join(tmpdir(), 'dev-s3-'));
  const queuePrefix = `dev-test-${process.pid}`;
  let dev: ReturnType<typeof spawn> | undefined;
  let output = '';

  // Two astro dev servers at once share the project's caches: each test stops its own first.
  afterEach(async () => {
    if (dev?.pid && dev.exitCode === null) {
      process.kill(-dev.pid, 'SIGINT');
      await once(dev, 'exit');
    }
  });

  after(async () => {
    await dropDatabase(database);
    await deleteKeys(`${queuePrefix}:*`);
    rmSync(mailDir, { recursive: true, force: true });
    rmSync(s3Dir, { recursive: true, force: true });
  });

  it('when DATABASE_URL and REDIS_URL are set, then dev uses them: docs, API and worker run, a sign-up is welcomed and an export downloads', async () => {
    const [apiPort, docsPort, s3Port, apiMetricsPort, workerMetricsPort] =
      await portsOutsideEphemeral(5);
    dev = spawn(process.execPath, ['scripts/dev.ts'], {
      cwd: root,
      detached: true,
      env: {
        ...process.env,
        DATABASE_URL: `${serverUrl}/${database}`,
        REDIS_URL: redisUrl,
        PORT: String(apiPort),
        DOCS_PORT: String(docsPort),
        MAIL_FILE_DIR: mailDir,
        QUEUE_PREFIX: queuePrefix,
        REDIS_KEY_PREFIX: `${queuePrefix}-app`,
        S3_PORT: String(s3Port),
        S3_DATA_DIR: s3Dir,
        METRICS_PORT: String(apiMetricsPort),
        WORKER_METRICS_PORT: String(workerMetricsPort),
        ASTRO_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev.stdout?.on('data', (chunk) => (output += chunk));
    dev.stderr?.on('data', (chunk) => (output += chunk));

    await eventually(() => answers(`http://127.0.0.1:${apiPort}/api/ready`), 60_000);
    await eventually(() => answers(`http://localhost:${docsPort}/introduction/`), 60_000);
    await eventually(async () => (output.includes('worker ready') ? true : undefined), 30_000);
    const email = `dev-${process.pid}@example.test`;
    const response = await fetch(`http://127.0.0.1:${apiPort}/api/client/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, name: 'Dev Reader', password: 'correct horse battery' }),
    });

    assert.equal(response.status, 201, output);
    const welcome = await eventually(async () => {
      const files = readdirSync(mailDir).map((file) =>
        readFileSync(path.join(mailDir, file), 'utf8'),
      );
      return files.find((message) => message.includes(`To: ${email}`));
    }, 15_000);
    assert.match(welcome, /Subject: Welcome, Dev Reader!/);

    const api = `http://127.0.0.1:${apiPort}/api`;
    const login = await fetch(`${api}/client/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'superadmin@example.com', password: 'development superadmin' }),
    });
    const auth = {
      authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
    };
    const accepted = await fetch(`${api}/admin/exports/users`, { method: 'POST', headers: auth });
    assert.equal(accepted.status, 202);
    const { exportId } = (await accepted.json()) as { exportId: string };
    const download = await eventually(async () => {
      const response = await fetch(`${api}/admin/exports/${exportId}`, { headers: auth });
      const body = (await response.json()) as { download: { url: string } | null };
      return body.download?.url;
    }, 20_000);
    assert.match(await (await fetch(download)).text(), new RegExp(email));
  });

  it('when no redis-server is installed, then dev says how to get one and still serves the docs', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dev-no-redis-'));
    const [apiPort, docsPort, s3Port] = await portsOutsideEphemeral(3);
    const docsOnly = spawn(process.execPath, ['scripts/dev.ts'], {
      cwd: root,
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DEV_DATA_DIR: dataDir,
        PORT: String(apiPort),
        DOCS_PORT: String(docsPort),
        S3_PORT: String(s3Port),
        REDIS_SERVER_BIN: path.join(dataDir, 'no-such-redis-server'),
        ASTRO_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    docsOnly.stdout?.on('data', (chunk) => (said += chunk));
    docsOnly.stderr?.on('data', (chunk) => (said += chunk));

    try {
      await eventually(() => answers(`http://localhost:${docsPort}/introduction/`), 60_000);
      await eventually(async () => (said.includes('Ctrl-C stops everything') ? true : undefined));
      assert.match(said, /No redis-server was found/, said);
      assert.match(said, /docker compose -f reference-app\/compose\.yaml up -d redis/);
      assert.match(said, /API and worker: not started, Redis is missing/);
      assert.equal(await answers(`http://127.0.0.1:${apiPort}/api/health`), undefined);
    } finally {
      if (docsOnly.exitCode === null) {
        process.kill(-(docsOnly.pid as number), 'SIGINT');
        await once(docsOnly, 'exit');
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
