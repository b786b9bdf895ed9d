import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BenchResults } from '../bench/results.ts';
import { formatTable } from '../bench/table.ts';

const run = promisify(execFile);
const bench = path.resolve(import.meta.dirname, '../bench/main.ts');

// Speed is judged by the benchmark itself, never here: this only proves that every figure is
// measured, against real PostgreSQL and Redis, and reported.
describe('npm run bench -- --quick', function () {
  this.timeout(240_000);
  let folder: string;
  let results: BenchResults;
  let printed: string;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'bench-'));
    const out = path.join(folder, 'results.json');
    ({ stdout: printed } = await run(process.execPath, [bench, '--quick', '--out', out], {
      maxBuffer: 10 * 1024 * 1024,
    }));
    results = JSON.parse(readFileSync(out, 'utf8'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('when it runs, then it measures all six figures', () => {
    assert.equal(results.mode, 'quick');
    assert.deepEqual(
      results.figures.map((figure) => figure.id),
      ['health', 'account-read', 'observability', 'register', 'worker', 'docs'],
    );
  });

  it('when it runs, then the observability figure measures the app with tracing and metrics off, and each on', () => {
    const figure = results.figures.find((candidate) => candidate.id === 'observability');
    assert.deepEqual(
      figure?.subjects.map((subject) => subject.name),
      ['tracing off, metrics off', 'metrics on', 'tracing on', 'both on'],
    );
    for (const subject of figure?.subjects ?? []) assert.ok(subject.perSecond > 0, subject.name);
  });

  it('when it runs, then each figure compares the app with its baselines by ratios of this run, in throughput and in CPU per operation (servers: one at a time, and under load)', () => {
    const baselines = {
      health: ['Fastify', 'bare Koa', 'node:http'],
      'account-read': ['node:http + pg', 'Fastify'],
      register: ['node:http + pg'],
      worker: ['raw Bee-Queue'],
    };
    for (const [id, names] of Object.entries(baselines)) {
      const figure = results.figures.find((candidate) => candidate.id === id);
      const [app, ...others] = figure?.subjects ?? [];
      assert.equal(app?.name, 'reference app', id);
      assert.ok((app?.perSecond ?? 0) > 0, `${id}: the app did work`);
      assert.deepEqual(
        others.map((subject) => subject.name),
        names,
      );
      for (const subject of others) {
        assert.ok(
          subject.perSecond > 0 && subject.peakRssMb > 0,
          `${id}: ${subject.name} measured`,
        );
        assert.ok(subject.cpuMicrosPer > 0, `${id}: ${subject.name} used CPU`);
        // One round in a quick run: each ratio is that round's, the app against this subject.
        assert.deepEqual(subject.rounds.perSecond, [subject.perSecond]);
        assert.equal(subject.appRatio, (app?.perSecond ?? 0) / subject.perSecond);
        assert.equal(subject.cpuRatio, subject.cpuMicrosPer / (app?.cpuMicrosPer ?? 0));
        if (id !== 'worker') {
          assert.ok((subject.loadedCpuMicrosPer ?? 0) > 0, `${id}: ${subject.name} loaded`);
          assert.equal(
            subject.loadedCpuRatio,
            (subject.loadedCpuMicrosPer ?? 0) / (app?.loadedCpuMicrosPer ?? 0),
          );
        }
      }
    }
  });

  it('when it runs, then the docs figure has the build time and the JavaScript per page', () => {
    const docs = results.figures.find((figure) => figure.id === 'docs');
    const value = (label: string) => docs?.values?.find((entry) => entry.label === label)?.value;
    assert.ok((value('build time') ?? 0) > 0);
    assert.ok((value('pages') ?? 0) > 10);
    assert.ok(
      (value('JavaScript per page, largest') ?? 0) >= (value('JavaScript per page, median') ?? 0),
    );
  });

  it('when it runs, then it prints the table of the JSON it wrote, each target with its verdict', () => {
    assert.ok(printed.includes(formatTable(results)));
    for (const goal of results.figures.flatMap((figure) => figure.targets)) {
      assert.equal(
        goal.met,
        goal.kind === 'min' ? goal.measured >= goal.limit : goal.measured < goal.limit,
      );
    }
  });
});

describe('npm run bench with a figure it does not know', () => {
  it('when --only names an unknown figure, then it exits 2 and lists the known ones', async () => {
    const failure = await run(process.execPath, [bench, '--only', 'health,speed']).then(
      () => assert.fail('expected a failure'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(failure.code, 2);
    assert.match(
      failure.stderr,
      /Unknown figure\(s\): speed\. Known: health, account-read, observability, register, worker, docs/,
    );
  });
});
