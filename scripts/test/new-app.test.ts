import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { recordTranscript } from '../../reference-app/test/support/recorder.ts';
import { composeProblems, dockerfileProblems, flywayMigrations } from '../lib/container-files.ts';
import { createStarter, NewAppError } from '../new-app.ts';

const EXACT_VERSION = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

/** The tests of the tutorial's feature (docs: Tutorial), by their titles. */
const TUTORIAL_TESTS =
  'account deletion|anonymise-deleted-user|soft-deleted|sends DELETE /api/admin/users';
/** Transcripts the scripts' tests record for the docs (docs/components/Transcript.astro). */
const recordingsDir = path.resolve(import.meta.dirname, 'recordings');

/** A Mocha run without what changes from run to run: the durations of slow tests and of the run. */
const withoutTimings = (output: string) =>
  output
    .replace(/ \(\d+m?s\)/g, '')
    .replace(/^\s*\n/, '')
    .trimEnd();

/** Relative imports and `new URL('…', import.meta.url)` paths in the starter's own code. */
function relativeReferences(folder: string): { file: string; target: string }[] {
  const references: { file: string; target: string }[] = [];
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !/\.(ts|cjs)$/.test(entry.name) || file.includes('node_modules'))
      continue;
    const text = readFileSync(file, 'utf8');
    const imports = /^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.{1,2}\/[^']*)'/gm;
    const urls = /new URL\(\s*'(\.{1,2}\/?[^']*)',\s*import\.meta\.url/g;
    for (const match of [...text.matchAll(imports), ...text.matchAll(urls)]) {
      references.push({ file, target: path.resolve(path.dirname(file), match[1] as string) });
    }
  }
  return references;
}

describe('npm run new-app (scripts/new-app.ts)', function () {
  this.timeout(420_000);
  const workspace = mkdtempSync(path.join(tmpdir(), 'new-app-'));
  const starter = path.join(workspace, 'my-api');

  before(() => createStarter(starter, 'my-api'));
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('when a starter is made, then it has its own package.json with exact versions and the Node pin', () => {
    const packageJson = JSON.parse(readFileSync(path.join(starter, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(path.join(starter, 'package-lock.json'), 'utf8'));
    const versions = { ...packageJson.dependencies, ...packageJson.devDependencies };

    assert.equal(packageJson.name, 'my-api');
    assert.ok(Object.values(versions).every((version) => EXACT_VERSION.test(String(version))));
    assert.match(packageJson.devDependencies.node, /^24\./);
    assert.equal(lock.packages[''].name, 'my-api');
    assert.equal(lock.packages['node_modules/astro'], undefined, 'the docs site stays behind');
    for (const script of ['dev', 'test', 'start:api', 'start:worker', 'migrate']) {
      assert.ok(packageJson.scripts[script], `script ${script}`);
    }
  });

  it('when a starter is made, then it carries its README, .env.example, compose.yaml, Dockerfile and CI workflow, all valid', () => {
    const composeFile = path.join(starter, 'compose.yaml');
    const workflow = readFileSync(path.join(starter, '.github/workflows/ci.yml'), 'utf8');

    for (const file of ['README.md', '.env.example', '.gitignore', 'biome.json', 'migrations']) {
      assert.ok(existsSync(path.join(starter, file)), file);
    }
    assert.match(readFileSync(path.join(starter, 'README.md'), 'utf8'), /^# my-api/);
    assert.deepEqual(composeProblems(composeFile), []);
    assert.ok(flywayMigrations(composeFile).includes('V1__create_users.sql'));
    assert.deepEqual(dockerfileProblems(path.join(starter, 'Dockerfile'), starter), []);
    assert.deepEqual(validateWorkflow(workflow).errors, []);
  });

  it('when a starter is made, then it carries the typed client, its freshness check and the Redocly lint', () => {
    const packageJson = JSON.parse(readFileSync(path.join(starter, 'package.json'), 'utf8'));
    const freshness = readFileSync(path.join(starter, 'test/api/client-freshness.test.ts'), 'utf8');

    for (const file of [
      'client/index.ts',
      'client/api-types.ts',
      'scripts/generate-client.ts',
      'redocly.yaml',
      'test/api/openapi-lint.test.ts',
      'test/api/typed-client.api.test.ts',
    ]) {
      assert.ok(existsSync(path.join(starter, file)), file);
    }
    assert.equal(packageJson.scripts.client, 'node scripts/generate-client.ts');
    assert.deepEqual(packageJson.overrides, { typescript: '$typescript' });
    assert.match(freshness, /Run npm run client and commit/, 'no workspace flag in a starter');
  });

  it('when a starter is made, then nothing in it points back at this repository', () => {
    const outside = relativeReferences(starter).filter(
      ({ target }) => target !== starter && !target.startsWith(`${starter}${path.sep}`),
    );
    // Migrations keep their markers: Flyway's checksum covers every line.
    const text = readdirSync(starter, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.parentPath.includes('node_modules'))
      .filter((entry) => path.basename(entry.parentPath) !== 'migrations')
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');

    assert.deepEqual(outside, []);
    assert.doesNotMatch(
      text,
      /#(end)?region /,
      'the guide’s snippet markers are removed from the code',
    );
    assert.doesNotMatch(text, /['"]\.\.\/migrations/, 'migrations/ lives inside the starter');
  });

  it('when the starter is installed from its lockfile, then its own test suite passes', () => {
    const run = (command: string[]) =>
      spawnSync('npm', command, {
        cwd: starter,
        encoding: 'utf8',
        env: { ...process.env, npm_config_prefer_offline: 'true', CI: 'true' },
      });

    const install = run(['ci', '--no-audit', '--no-fund']);
    assert.equal(install.status, 0, install.stderr);
    // The outage drills wait out real leases and backoffs (two minutes), on the very code this
    // repository's own suite has just run them on; here the question is whether the starter stands
    // on its own, so its suite runs without them.
    const tests = run(['test', '--', '--grep', 'default settings', '--invert']);

    assert.equal(tests.status, 0, `${tests.stdout.slice(-6000)}\n${tests.stderr.slice(-3000)}`);
    assert.match(tests.stdout, /\d+ passing/);
    assert.doesNotMatch(tests.stdout, /\d+ (failing|pending)/);

    // #region tutorial-test-run
    // The tutorial's own tests, as a reader runs them in the starter: the page shows this run.
    // stdin closed: npx waits on an open one. No colours: CI=true would turn them on.
    const tutorial = spawnSync('npx', ['mocha', '--no-color', '--grep', TUTORIAL_TESTS], {
      cwd: starter,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    assert.equal(tutorial.status, 0, tutorial.stdout + tutorial.stderr);
    recordTranscript(
      'tutorial-test-run',
      `$ npx mocha --grep "${TUTORIAL_TESTS}"\n${withoutTimings(tutorial.stdout)}`,
      recordingsDir,
    );
    // #endregion tutorial-test-run
  });

  it('when the folder is not empty or the name is not a package name, then it refuses and says why', () => {
    const occupied = path.join(workspace, 'occupied');
    mkdirSync(path.join(occupied, 'something'), { recursive: true });

    assert.throws(() => createStarter(occupied, 'fine-name'), NewAppError);
    assert.throws(
      () => createStarter(path.join(workspace, 'fresh'), 'Not A Name'),
      /not a valid npm package name/,
    );
    assert.equal(existsSync(path.join(workspace, 'fresh')), false);
  });
});
