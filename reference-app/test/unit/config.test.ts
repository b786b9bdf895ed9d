import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  configVariables,
  loadConfig,
  loadTracingConfig,
} from '../../src/common/config.ts';

const validEnvironment = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters',
};

describe('config', () => {
  it('when the required variables are set, then the rest takes documented defaults', () => {
    const config = loadConfig(validEnvironment);

    assert.equal(config.PORT, 3000);
    assert.equal(config.LOG_LEVEL, 'info');
    assert.equal(config.MAIL_TRANSPORT, 'file');
  });

  it('when DATABASE_URL is missing, then loading fails naming it', () => {
    assert.throws(
      () => loadConfig({ REDIS_URL: validEnvironment.REDIS_URL }),
      (error: Error) =>
        error instanceof ConfigError && /DATABASE_URL is required/.test(error.message),
    );
  });

  it('when optional variables are empty (VAR=), then they count as unset; an empty required one is missing', () => {
    const config = loadConfig({
      ...validEnvironment,
      SUPERADMIN_EMAIL: '',
      SUPERADMIN_PASSWORD: '',
      PORT: '',
    });

    assert.equal(config.SUPERADMIN_EMAIL, undefined);
    assert.equal(config.PORT, 3000);
    assert.throws(
      () => loadConfig({ ...validEnvironment, JWT_SECRET: '' }),
      (error: Error) =>
        error instanceof ConfigError && /JWT_SECRET is required/.test(error.message),
    );
  });

  it('when PORT is not a port number, then loading fails naming PORT', () => {
    assert.throws(
      () => loadConfig({ ...validEnvironment, PORT: 'eighty' }),
      (error: Error) => error instanceof ConfigError && /PORT is invalid/.test(error.message),
    );
  });

  it('when REDIS_URL is not a redis URL, then loading fails naming REDIS_URL', () => {
    assert.throws(
      () => loadConfig({ ...validEnvironment, REDIS_URL: 'http://127.0.0.1:6379' }),
      /REDIS_URL is invalid/,
    );
  });

  it('when mail goes through SMTP without SMTP_URL, then loading fails naming SMTP_URL', () => {
    assert.throws(
      () => loadConfig({ ...validEnvironment, MAIL_TRANSPORT: 'smtp' }),
      /SMTP_URL is required/,
    );
  });

  it('when JWT_SECRET is too short, then loading fails naming it', () => {
    assert.throws(
      () => loadConfig({ ...validEnvironment, JWT_SECRET: 'short' }),
      /JWT_SECRET is invalid/,
    );
  });

  it('when only one of SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD is set, then loading fails naming both', () => {
    assert.throws(
      () => loadConfig({ ...validEnvironment, SUPERADMIN_EMAIL: 'root@example.com' }),
      /SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD go together/,
    );
  });

  it('when an internal key is shorter than 32 characters, then loading fails naming INTERNAL_API_KEYS', () => {
    assert.throws(
      () => loadConfig({ ...validEnvironment, INTERNAL_API_KEYS: 'billing=short' }),
      /INTERNAL_API_KEYS is invalid/,
    );
  });

  it('when OTEL_EXPORTER_OTLP_PROTOCOL names no OTLP protocol, then tracing refuses to start naming it', () => {
    assert.throws(
      () => loadTracingConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' }),
      /OTEL_EXPORTER_OTLP_PROTOCOL is invalid/,
    );
    assert.equal(loadTracingConfig({}).OTEL_EXPORTER_OTLP_ENDPOINT, undefined);
  });

  it('when .env.example is read, then it lists every variable the config reads', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);

    assert.deepEqual([...listed].sort(), [...configVariables].sort());
  });
});
