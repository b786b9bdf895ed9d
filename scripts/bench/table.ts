import {
  agreeingChanges,
  type BenchResults,
  type Figure,
  RUN_AGREEMENT_PCT,
  ratioChanges,
} from './results.ts';

const fixed = (value: number | undefined, digits: number) =>
  value === undefined || !Number.isFinite(value) ? '' : value.toFixed(digits);

function rowsOf(figure: Figure): string[][] {
  if (figure.values) {
    return figure.values.map((value) => [
      figure.title,
      value.label,
      `${fixed(value.value, value.unit === 'KB' || value.unit === 's' ? 1 : 0)} ${value.unit}`.trim(),
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  return figure.subjects.map((subject) => [
    figure.title,
    subject.name,
    `${Math.round(subject.perSecond)} ${subject.unit}`,
    fixed(subject.p50Ms, 1),
    fixed(subject.p99Ms, 1),
    fixed(subject.peakRssMb, 0),
    fixed(subject.cpuMicrosPer, 0),
    fixed(subject.loadedCpuMicrosPer, 0),
    [subject.spreadPct.perSecond, subject.spreadPct.cpu, subject.spreadPct.loadedCpu]
      .map((spread) => fixed(spread, 0))
      .filter(Boolean)
      .join(' / '),
    fixed(subject.appRatio, 2),
    fixed(subject.cpuRatio, 2),
    fixed(subject.loadedCpuRatio, 2),
  ]);
}

/** The results as a plain-text table, then each target with its verdict. */
export function formatTable(results: BenchResults): string {
  const header = [
    'figure',
    'subject',
    'throughput',
    'p50 ms',
    'p99 ms',
    'RSS MB',
    'CPU µs/op',
    'loaded µs/op',
    'spread % (op/s / CPU / loaded)',
    'op/s ratio',
    'CPU ratio',
    'loaded CPU ratio',
  ];
  const rows = results.figures.flatMap(rowsOf);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column >= 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ');
  const targets = results.figures.flatMap((figure) =>
    figure.targets.map(
      (goal) =>
        `${goal.met ? 'met    ' : 'NOT MET'}  ${figure.title}: ${goal.description} (measured ${fixed(goal.measured, 2)})`,
    ),
  );
  const moves = ratioChanges(results);
  const changes = moves.map(
    (change) =>
      `  ${change.name}: ${fixed(change.previous, 2)} → ${fixed(change.now, 2)} (${change.pct >= 0 ? '+' : ''}${fixed(change.pct, 0)}%)`,
  );
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    ...targets,
    ...(changes.length
      ? [
          '',
          `CPU ratios against the previous full run (${results.previous?.startedAt}): ${agreeingChanges(moves)} of ${moves.length} within ±${RUN_AGREEMENT_PCT}%`,
          ...changes,
        ]
      : []),
  ].join('\n');
}
