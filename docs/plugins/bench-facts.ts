// What the Performance page's sentences quote from the benchmark: its load (from the last results,
// as the run used it), its targets (as the figures define them) and the heap line of the Dockerfile.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from '../../scripts/bench/results.ts';

const results = JSON.parse(
  readFileSync(path.join(process.cwd(), 'scripts/bench/results/latest.json'), 'utf8'),
) as BenchResults;

/** The load of the last full run: connections, rounds, worker jobs and concurrency. */
export const benchLoad = results.load;

/** The target a figure states, by figure id and a word of its description. */
export function benchTarget(figure: string, containing: string): string {
  const found = results.figures
    .find((candidate) => candidate.id === figure)
    ?.targets.find((goal) => goal.description.includes(containing));
  if (!found)
    throw new Error(`the benchmark's ${figure} figure states no target with "${containing}"`);
  return found.description;
}

/** The heap sizes the Dockerfile gives Node, in MB: what the API runs with in production and here. */
export const heap = (() => {
  const dockerfile = readFileSync(path.join(process.cwd(), 'reference-app/Dockerfile'), 'utf8');
  const options = /NODE_OPTIONS="([^"]+)"/.exec(dockerfile)?.[1] ?? '';
  const size = (flag: string) => Number(new RegExp(`--${flag}=(\\d+)`).exec(options)?.[1]);
  const oldSpaceMb = size('max-old-space-size');
  if (!oldSpaceMb) throw new Error('the Dockerfile sets no --max-old-space-size in NODE_OPTIONS');
  const semiSpaceMb = size('max-semi-space-size');
  if (!semiSpaceMb) throw new Error('the Dockerfile sets no --max-semi-space-size in NODE_OPTIONS');
  return { oldSpaceMb, semiSpaceMb };
})();
