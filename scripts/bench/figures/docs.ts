import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUDGET_BYTES, javascriptBytes, pagesOf } from '../../page-weight.ts';
import { type Figure, median, target } from '../results.ts';
import { repoRoot } from '../run.ts';

/** Builds the site into a scratch folder (the real `dist/` is left alone) and weighs its pages. */
export async function docsFigure(): Promise<Figure> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'refapp-bench-site-'));
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts/export-openapi.ts')], {
      cwd: repoRoot,
      stdio: 'ignore',
    });
    const startedAt = performance.now();
    try {
      execFileSync(
        process.execPath,
        [path.join(repoRoot, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
          maxBuffer: 64 * 1024 * 1024,
        },
      );
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`The docs build failed:\n${stderr}\n${stdout?.toString().slice(-4_000)}`);
    }
    const buildSeconds = (performance.now() - startedAt) / 1000;
    const weights = pagesOf(outDir).map((page) => javascriptBytes(outDir, page) / 1024);
    const largest = Math.max(...weights);
    return {
      id: 'docs',
      title: 'Docs site',
      method: `astro build of all ${weights.length} pages, timed, with the caches an earlier build left (Astro's content store, the Permissions page's migrated database); then each page's JavaScript: its inline scripts and the static module graph of its script tags (search's index, loaded on demand, is not counted).`,
      subjects: [],
      values: [
        { label: 'build time', value: buildSeconds, unit: 's' },
        { label: 'pages', value: weights.length, unit: '' },
        { label: 'JavaScript per page, largest', value: largest, unit: 'KB' },
        { label: 'JavaScript per page, median', value: median(weights), unit: 'KB' },
      ],
      targets: [
        target('largest page under the 50 KB budget', largest, 'max', BUDGET_BYTES / 1024),
        target('the site builds in under 30 s', buildSeconds, 'max', 30),
      ],
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
