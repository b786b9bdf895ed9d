import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { extractRegion, regionLines } from './regions.ts';

const LANGUAGES: Record<string, string> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.sql': 'sql',
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.sh': 'sh',
};

/** Highlighting language for a file path; `text` for anything unknown (e.g. `.env.example`). */
export function languageFor(file: string): string {
  return LANGUAGES[extname(file).toLowerCase()] ?? 'text';
}

/** The text of a file the site quotes, `file` relative to `rootDir`. */
export function readSourceFile(rootDir: string, file: string): string {
  const path = resolve(rootDir, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new Error(`file "${file}" not found (looked for ${path})`);
  }
  return readFileSync(path, 'utf8');
}

/** Where the site shows the whole of `file`, with line numbers. */
export function sourcePageUrl(file: string): string {
  return `/source/${file}/`;
}

/** The link from a snippet to its lines on the file's own page. */
export function snippetSourceLink(rootDir: string, file: string, region: string | undefined) {
  const { first, last } = regionLines(readSourceFile(rootDir, file), region, file);
  return { href: `${sourcePageUrl(file)}#L${first}-L${last}`, first, last };
}

/** Reads `file` (relative to `rootDir`) and returns the code of `region`, or of the whole file. */
export function readSnippet(rootDir: string, file: string, region: string | undefined): string {
  const code = extractRegion(readSourceFile(rootDir, file), region, file);
  if (code === '') {
    throw new Error(`${region ? `region "${region}" of ` : ''}file "${file}" is empty`);
  }
  return code;
}
