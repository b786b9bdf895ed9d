import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));
// The package exports src/main/index.mjs; its command line sits two folders up, in bin/.
const depcruise = fileURLToPath(
  new URL('../../bin/dependency-cruiser.mjs', import.meta.resolve('dependency-cruiser')),
);

// #region cruise-fixture
/** Runs the real rules file over a small tree of source files written for the test. */
function cruise(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'layers-'));
  try {
    cpSync(
      path.join(appRoot, '.dependency-cruiser.cjs'),
      path.join(root, '.dependency-cruiser.cjs'),
    );
    cpSync(path.join(appRoot, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
    for (const [file, source] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), source);
    }
    const folders = [...new Set(Object.keys(files).map((file) => file.split('/')[0] ?? ''))];
    const run = spawnSync(
      process.execPath,
      [depcruise, ...folders, '--config', '.dependency-cruiser.cjs'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    return { exitCode: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
// #endregion cruise-fixture

describe('layer rules (dependency-cruiser)', () => {
  it('when the real source is checked, then no rule is broken', () => {
    const run = spawnSync(
      process.execPath,
      [depcruise, 'src', 'client', '--config', '.dependency-cruiser.cjs'],
      {
        cwd: appRoot,
        encoding: 'utf8',
      },
    );

    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  // #region controller-imports-repository-test
  it('when a controller imports a repository, then the check fails naming the rule', () => {
    const { exitCode, output } = cruise({
      'src/database/repositories/user-repository.ts': 'export const findUser = () => undefined;\n',
      'src/api/controllers/client/users-controller.ts':
        "import { findUser } from '../../../database/repositories/user-repository.ts';\nexport const get = findUser;\n",
    });

    assert.notEqual(exitCode, 0);
    assert.match(output, /controllers-call-services-only/);
  });
  // #endregion controller-imports-repository-test

  it('when the typed client imports the app, then the check fails naming the rule', () => {
    const { exitCode, output } = cruise({
      'src/common/errors.ts': 'export const codes = [];\n',
      'client/index.ts':
        "import { codes } from '../src/common/errors.ts';\nexport const all = codes;\n",
    });

    assert.notEqual(exitCode, 0);
    assert.match(output, /client-stands-alone/);
  });

  it('when a middleware imports Awilix to look a service up, then the check fails naming the rule', () => {
    const { exitCode, output } = cruise({
      'src/api/middlewares/access.ts':
        "import { createContainer } from 'awilix';\nexport const lookUp = createContainer;\n",
    });

    assert.notEqual(exitCode, 0);
    assert.match(output, /only-the-composition-root-knows-awilix/);
  });

  it('when utils import the app, then the check fails naming the rule', () => {
    const { exitCode, output } = cruise({
      'src/common/errors.ts': 'export class AppError extends Error {}\n',
      'src/utils/strings.ts':
        "import { AppError } from '../common/errors.ts';\nexport const oops = AppError;\n",
    });

    assert.notEqual(exitCode, 0);
    assert.match(output, /utils-import-nothing-of-the-app/);
  });

  it('when the API imports a task, then the check fails naming the rule', () => {
    const { exitCode, output } = cruise({
      'src/worker/tasks/send-welcome-email.ts': 'export const task = () => undefined;\n',
      'src/api/app.ts':
        "import { task } from '../worker/tasks/send-welcome-email.ts';\nexport const app = task;\n",
    });

    assert.notEqual(exitCode, 0);
    assert.match(output, /api-never-imports-the-worker/);
  });

  it('when a service imports the container, then the check fails naming the rule', () => {
    const { exitCode, output } = cruise({
      'src/container.ts': 'export const container = {};\n',
      'src/services/users/user-service.ts':
        "import { container } from '../../container.ts';\nexport const c = container;\n",
    });

    assert.notEqual(exitCode, 0);
    assert.match(output, /only-entry-points-import-the-container/);
  });
});
