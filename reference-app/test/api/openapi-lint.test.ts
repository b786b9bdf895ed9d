import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageBin } from '../../scripts/package-bin.ts';
import { buildOpenApiDocument } from '../../src/api/openapi.ts';
import { routeTable } from '../../src/api/route-table.ts';

const config = path.resolve(import.meta.dirname, '../../redocly.yaml');

interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

// #region redocly-lint
/** Redocly's lint of `document` with the app's redocly.yaml, offline (no telemetry, no update check). */
function lint(document: object): { totals: Record<string, number>; problems: LintProblem[] } {
  const folder = mkdtempSync(path.join(tmpdir(), 'openapi-lint-'));
  try {
    const file = path.join(folder, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const run = spawnSync(
      process.execPath,
      [packageBin('@redocly/cli', 'redocly'), 'lint', '--format=json', `--config=${config}`, file],
      {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
      },
    );
    // It exits with 1 when it finds errors; the report is on stdout either way.
    if (!run.stdout.trim()) throw new Error(`redocly lint printed no report:\n${run.stderr}`);
    return JSON.parse(run.stdout);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
// #endregion redocly-lint

const described = (problem: LintProblem) =>
  `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`;

describe('OpenAPI document, linted by Redocly CLI (recommended rules)', function () {
  this.timeout(60_000);

  it('when built from the route table, then Redocly reports no error and no warning', () => {
    const document = buildOpenApiDocument(routeTable);

    const report = lint(document);

    assert.deepEqual(report.problems.map(described), []);
    assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 });
  });

  it('when an operation declares no 4xx answer, then Redocly warns about it', () => {
    const document = buildOpenApiDocument(routeTable);
    const health = document.paths?.['/api/health']?.get;
    assert.ok(health?.responses, 'GET /api/health is in the document');
    health.responses = { 200: health.responses['200'] };

    const report = lint(document);

    assert.deepEqual(report.problems.map(described), [
      'warn operation-4xx-response at #/paths/~1api~1health/get/responses: Operation must have at least one `4XX` response.',
    ]);
  });
});
