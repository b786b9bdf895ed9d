import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/common/config.ts';

const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const runId = `${process.pid}_${Date.now().toString(36)}`;

/** One database, one queue prefix and one mail folder per test run, so runs never meet. */
export const testEnvironment = {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  DATABASE_URL: `${serverUrl}/refapp_test_${runId}`,
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: `test-${runId}`,
  MAIL_TRANSPORT: 'file',
  MAIL_FILE_DIR: path.join(tmpdir(), `refapp-mail-${runId}`),
  SHUTDOWN_TIMEOUT_MS: '5000',
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
  REDIS_KEY_PREFIX: `test-${runId}-app`,
  INTERNAL_API_KEYS: `billing=${'b'.repeat(40)},reports=${'r'.repeat(40)}`,
  // Tests sign up many accounts from one IP; the rate-limit tests set their own, lower limits.
  RATE_LIMIT_AUTH_PER_IP: '100000',
  RATE_LIMIT_AUTH_PER_ACCOUNT: '1000',
  QUEUE_STALL_INTERVAL_MS: '1000',
  OUTBOX_POLL_INTERVAL_MS: '50',
  S3_BUCKET: 'test-exports',
  S3_FORCE_PATH_STYLE: 'true',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  // Set by the root hooks once the run's own S3 server listens.
  S3_ENDPOINT: 'http://127.0.0.1:1',
} satisfies NodeJS.ProcessEnv;

export const serverAdminUrl = `${serverUrl}/postgres`;
export const testDatabaseName = `refapp_test_${runId}`;

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ ...testEnvironment, ...overrides });
}
