// After the build: no page may ship more than 50 KB of JavaScript (its scripts and every module
// they import statically). Search's own index loads on demand and is not counted.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const BUDGET_BYTES = 50 * 1024;

const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+)"/g;
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;
const STATIC_IMPORT =
  /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;

function modulesOf(file: string, seen: Set<string>): number {
  if (seen.has(file) || !existsSync(file)) return 0;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  let bytes = statSync(file).size;
  for (const [, specifier] of source.matchAll(STATIC_IMPORT)) {
    if (specifier?.startsWith('.'))
      bytes += modulesOf(path.resolve(path.dirname(file), specifier), seen);
  }
  return bytes;
}

// #region page-weight
/** Bytes of JavaScript a page loads before anyone clicks: inline scripts plus the static module graph. */
export function javascriptBytes(distDir: string, htmlFile: string): number {
  const html = readFileSync(htmlFile, 'utf8');
  const seen = new Set<string>();
  let bytes = 0;
  for (const [, inline] of html.matchAll(INLINE_SCRIPT)) bytes += Buffer.byteLength(inline ?? '');
  for (const [, src] of html.matchAll(SCRIPT_SRC)) {
    if (src?.startsWith('/')) bytes += modulesOf(path.join(distDir, src), seen);
  }
  return bytes;
}
// #endregion page-weight

export function pagesOf(distDir: string): string[] {
  return readdirSync(distDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => path.join(distDir, file));
}

if (import.meta.main) {
  const dist = path.resolve(import.meta.dirname, '../dist');
  const weights = pagesOf(dist).map((page) => ({
    page: path.relative(dist, page),
    bytes: javascriptBytes(dist, page),
  }));
  const heavy = weights.filter(({ bytes }) => bytes > BUDGET_BYTES);
  const heaviest = weights.reduce((max, weight) => (weight.bytes > max.bytes ? weight : max), {
    page: '-',
    bytes: 0,
  });
  if (heavy.length) {
    for (const { page, bytes } of heavy)
      console.error(
        `page weight: ${page} ships ${(bytes / 1024).toFixed(1)} KB of JavaScript (budget 50 KB)`,
      );
    process.exit(1);
  }
  console.log(
    `page weight: ${weights.length} pages, heaviest ${heaviest.page} at ${(heaviest.bytes / 1024).toFixed(1)} KB of JavaScript (budget 50 KB)`,
  );
}
