// `npm run new-app -- <dir> [--name my-api]`: the reference app as a project of its own, with
// nothing pointing back at this repository.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const appRoot = path.join(root, 'reference-app');
const templates = path.join(import.meta.dirname, 'new-app');

export class NewAppError extends Error {
  override name = 'NewAppError';
}

interface Lockfile {
  packages: Record<string, { version?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const writeJson = (file: string, value: unknown) =>
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** Paths of this repository that have no place in a starter. */
const NOT_COPIED = ['node_modules', '.data', '.env', 'package.json', '.recorded'];

/**
 * Markers that let the guide's pages quote regions of the code; a starter has no use for them.
 * Migrations keep theirs: Flyway's checksum covers every line, and the starter's migrations must
 * have the same checksums, and the same recorded history, as the ones this repository applies.
 */
const REGION_MARKER = /^[ \t]*(\/\/|#|--) #(end)?region\b.*\n/gm;

function copyApp(target: string): void {
  cpSync(appRoot, target, {
    recursive: true,
    filter: (source) => !NOT_COPIED.includes(path.basename(source)),
  });
  cpSync(path.join(root, 'migrations'), path.join(target, 'migrations'), { recursive: true });
  for (const entry of readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/(\.(ts|cjs|yaml|json|example)|^Dockerfile)$/.test(entry.name))
      continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const withoutMarkers = text.replace(REGION_MARKER, '');
    if (withoutMarkers !== text) writeFileSync(file, withoutMarkers);
  }
}

/** Replaces `from` (expected `times` times) with `to` in one file, failing loudly when the text moved. */
function rewrite(file: string, from: string, to: string, times = 1): void {
  const text = readFileSync(file, 'utf8');
  if (text.split(from).length !== times + 1) {
    throw new NewAppError(`${file} should contain "${from}" ${times}×: update scripts/new-app.ts`);
  }
  writeFileSync(file, text.replaceAll(from, to));
}

// #region starter-layout
/** In this repository migrations/ sits beside reference-app/; in a starter it sits inside it. */
function moveToStarterLayout(target: string, name: string): void {
  rewrite(
    path.join(target, 'src/database/migrator.ts'),
    "'../../../migrations'",
    "'../../migrations'",
  );
  const composeFile = path.join(target, 'compose.yaml');
  rewrite(
    composeFile,
    'context: ..\n      dockerfile: reference-app/Dockerfile\n      args: { APP_DIR: reference-app }',
    'context: .',
  );
  rewrite(composeFile, '"../migrations:/flyway/sql:ro"', '"./migrations:/flyway/sql:ro"');
  rewrite(
    composeFile,
    'docker compose -f reference-app/compose.yaml up --build     (from the repository root)',
    'docker compose up --build',
  );
  const image = name.replace(/^@[^/]+\//, '');
  rewrite(composeFile, 'image: reference-app\n', `image: ${image}\n`, 2);
}
// #endregion starter-layout

/** Commands that name this repository's workspace (`-w reference-app`) run at a starter's root. */
function dropWorkspaceFlags(target: string): void {
  rewrite(
    path.join(target, 'test/api/client-freshness.test.ts'),
    'npm run client -w reference-app',
    'npm run client',
  );
}

/** Exact versions, as this repository's lockfile resolved and tested them. */
function pinned(ranges: Record<string, string>, lock: Lockfile): Record<string, string> {
  return Object.fromEntries(
    Object.keys(ranges)
      .sort()
      .map((name) => {
        const version = lock.packages[`node_modules/${name}`]?.version;
        if (!version) throw new NewAppError(`${name} is not in package-lock.json: run npm install`);
        return [name, version];
      }),
  );
}

/**
 * This repository's overrides (openapi-typescript's TypeScript peer, for one), each pointing at the
 * starter's own pinned version: npm refuses an override of a direct dependency that differs from it.
 */
function overridesFor(overrides: Record<string, string>, pinnedVersions: Record<string, string>) {
  return Object.fromEntries(
    Object.keys(overrides).map((dependency) => {
      if (!pinnedVersions[dependency]) {
        throw new NewAppError(`${dependency} is overridden but not a dependency of the starter`);
      }
      return [dependency, `$${dependency}`];
    }),
  );
}

function writePackageJson(target: string, name: string, lock: Lockfile): void {
  const app = readJson<Record<string, Record<string, string>>>(path.join(appRoot, 'package.json'));
  const workspace = readJson<Record<string, Record<string, string>>>(
    path.join(root, 'package.json'),
  );
  const biome = workspace.devDependencies?.['@biomejs/biome'] as string;
  const dependencies = pinned(app.dependencies ?? {}, lock);
  const devDependencies = pinned({ ...app.devDependencies, '@biomejs/biome': biome }, lock);
  writeJson(path.join(target, 'package.json'), {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: app.engines,
    scripts: {
      dev: app.scripts?.dev,
      'start:api': app.scripts?.['start:api'],
      'start:worker': app.scripts?.['start:worker'],
      migrate: app.scripts?.migrate,
      typecheck: app.scripts?.typecheck,
      lint: 'biome check .',
      format: 'biome check --write .',
      layers: app.scripts?.layers,
      client: app.scripts?.client,
      test: 'npm run typecheck && npm run lint && npm run layers && mocha',
    },
    dependencies,
    devDependencies,
    overrides: overridesFor(workspace.overrides ?? {}, { ...dependencies, ...devDependencies }),
  });
}

/**
 * This repository's lockfile, re-rooted at the starter; npm then prunes what the starter does not
 * use, so the starter installs exactly the versions tested here.
 */
function writeLockfile(target: string, name: string, lock: Lockfile): void {
  const packageJson = readJson<Record<string, unknown>>(path.join(target, 'package.json'));
  const packages: Lockfile['packages'] = {};
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || key === 'reference-app' || key === 'node_modules/reference-app') continue;
    packages[key.replace(/^reference-app\//, '')] = entry;
  }
  packages[''] = {
    name,
    version: '0.1.0',
    dependencies: packageJson.dependencies,
    devDependencies: packageJson.devDependencies,
    engines: packageJson.engines,
  };
  writeJson(path.join(target, 'package-lock.json'), { ...lock, name, version: '0.1.0', packages });
  const pruned = spawnSync(
    'npm',
    [
      'install',
      '--package-lock-only',
      '--prefer-offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: target, encoding: 'utf8' },
  );
  if (pruned.status !== 0) {
    throw new NewAppError(`npm could not settle package-lock.json:\n${pruned.stderr}`);
  }
}

function writeFromTemplates(target: string, name: string): void {
  const fill = (template: string) =>
    readFileSync(path.join(templates, template), 'utf8').replaceAll('{{name}}', name);
  writeFileSync(path.join(target, 'README.md'), fill('README.template.md'));
  writeFileSync(path.join(target, '.gitignore'), fill('gitignore.template'));
  mkdirSync(path.join(target, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(target, '.github/workflows/ci.yml'), fill('ci.template.yml'));
  cpSync(path.join(root, 'biome.json'), path.join(target, 'biome.json'));
}

export function createStarter(target: string, name = path.basename(path.resolve(target))): void {
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name)) {
    throw new NewAppError(
      `"${name}" is not a valid npm package name (lowercase letters, digits, - . _): pass --name`,
    );
  }
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new NewAppError(`${target} is not empty: choose a new folder`);
  }
  const lock = readJson<Lockfile>(path.join(root, 'package-lock.json'));
  copyApp(target);
  moveToStarterLayout(target, name);
  dropWorkspaceFlags(target);
  writePackageJson(target, name, lock);
  writeFromTemplates(target, name);
  writeLockfile(target, name, lock);
}

if (import.meta.main) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' } },
  });
  const [target] = positionals;
  if (!target || positionals.length > 1) {
    console.error('Usage: npm run new-app -- <dir> [--name my-api]');
    process.exit(2);
  }
  try {
    createStarter(target, values.name);
  } catch (error) {
    if (!(error instanceof NewAppError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const where = path.relative(process.cwd(), path.resolve(target)) || '.';
  console.log(`Created ${where}. Next:\n  cd ${where}\n  npm ci && npm run dev\n  npm test`);
}
