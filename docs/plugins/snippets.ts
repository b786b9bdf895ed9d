import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { extractRegion } from './regions.ts';

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

/** Reads `file` (relative to `rootDir`) and returns the code of `region`, or of the whole file. */
export function readSnippet(rootDir: string, file: string, region: string | undefined): string {
  const path = resolve(rootDir, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new Error(`file "${file}" not found (looked for ${path})`);
  }
  const code = extractRegion(readFileSync(path, 'utf8'), region, file);
  if (code === '') {
    throw new Error(`${region ? `region "${region}" of ` : ''}file "${file}" is empty`);
  }
  return code;
}
