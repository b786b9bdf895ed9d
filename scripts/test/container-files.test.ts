import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  composeProblems,
  dockerfileProblems,
  flywayMigrations,
  readCompose,
} from '../lib/container-files.ts';

const root = path.resolve(import.meta.dirname, '../..');
const composeFile = path.join(root, 'reference-app/compose.yaml');

describe('reference-app/compose.yaml and Dockerfile (checked without a Docker engine)', () => {
  it('when compose.yaml is checked, then it follows the compose spec and every path and dependency exists', () => {
    assert.deepEqual(composeProblems(composeFile), []);
  });

  it('when the stack starts, then Flyway applies the migrations folder before the API and the worker', () => {
    const { services } = readCompose(composeFile);

    assert.ok(flywayMigrations(composeFile).includes('V1__create_users.sql'));
    assert.deepEqual(services.api?.depends_on?.flyway, {
      condition: 'service_completed_successfully',
    });
    assert.deepEqual(services.worker?.depends_on?.flyway, {
      condition: 'service_completed_successfully',
    });
    for (const name of ['postgres', 'redis', 'api']) {
      assert.ok(services[name]?.healthcheck, `${name} has a health check`);
    }
  });

  it('when the Dockerfile is built as compose builds it, then lint passes, it runs as non-root and every COPY source exists', () => {
    const { build } = readCompose(composeFile).services.api ?? {};
    const context = path.resolve(path.dirname(composeFile), build?.context ?? '.');

    assert.deepEqual(
      dockerfileProblems(
        path.join(context, build?.dockerfile ?? 'Dockerfile'),
        context,
        build?.args,
      ),
      [],
    );
  });

  it('when a Dockerfile runs as root or copies what the context lacks, then the check says so', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dockerfile-'));
    const file = path.join(folder, 'Dockerfile');
    writeFileSync(file, 'FROM node:24-slim\nCOPY missing-folder ./\nRUN npm ci\nCMD ["node"]\n');

    const problems = dockerfileProblems(file, folder);
    rmSync(folder, { recursive: true });

    assert.ok(problems.includes('the final stage runs as root'), problems.join('\n'));
    assert.ok(problems.some((problem) => problem.includes('COPY missing-folder')));
    assert.ok(problems.includes('npm ci does not omit dev dependencies'));
  });

  it('when a compose file has a misspelt key, names an unknown service or mounts a missing folder, then each is reported', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'compose-'));
    const file = path.join(folder, 'compose.yaml');
    writeFileSync(
      file,
      [
        'services:',
        '  api:',
        '    image: app',
        "    comand: ['node', 'src/main-worker.ts']",
        '    depends_on: { db: { condition: service_healthy } }',
        "    volumes: ['./missing:/data']",
      ].join('\n'),
    );

    const problems = composeProblems(file);
    rmSync(folder, { recursive: true });

    assert.ok(
      problems.some((problem) => problem.startsWith('schema:')),
      problems.join('\n'),
    );
    assert.ok(problems.includes('api depends on unknown db'));
    assert.ok(problems.includes('api mounts ./missing, which does not exist'));
  });
});
