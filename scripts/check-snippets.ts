import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import {
  lineAt,
  listPages,
  maskCode,
  parseAttributes,
  SNIPPET_START,
  SNIPPET_TAG,
} from '../docs/plugins/snippet-tags.ts';
import { readSnippet } from '../docs/plugins/snippets.ts';

export type Problem = { page: string; line: number; message: string };

export type CheckResult = { problems: Problem[]; snippetCount: number; pageCount: number };

/** Code in these languages must come from real files through `<Snippet>`. */
const FORBIDDEN_LANGUAGES = new Set([
  'ts',
  'typescript',
  'tsx',
  'js',
  'javascript',
  'jsx',
  'mjs',
  'sql',
  'json',
  'jsonc',
]);

function checkSnippetTag(attributes: string, rootDir: string): string | undefined {
  const parsed = parseAttributes(attributes);
  const file = parsed.get('file');
  const region = parsed.get('region');
  if (file === undefined) return '<Snippet> has no "file" attribute';
  if (typeof file !== 'string' || (region !== undefined && typeof region !== 'string')) {
    return '<Snippet> "file" and "region" must be string literals so they can be checked';
  }
  try {
    readSnippet(rootDir, file, region);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `<Snippet file="${file}" region="${region ?? '(whole file)'}">: ${reason}`;
  }
}

function checkPage(path: string, rootDir: string): { problems: Problem[]; snippetCount: number } {
  const page = relative(rootDir, path);
  const { masked, fences } = maskCode(readFileSync(path, 'utf8'));
  const problems: Problem[] = fences
    .filter((fence) => FORBIDDEN_LANGUAGES.has(fence.lang))
    .map((fence) => ({
      page,
      line: fence.line,
      message: `hand-written \`${fence.lang}\` code block: show real code with <Snippet file="…" region="…" />`,
    }));

  let snippetCount = 0;
  for (const start of masked.matchAll(SNIPPET_START)) {
    snippetCount++;
    const line = lineAt(masked, start.index);
    if (path.endsWith('.md')) {
      problems.push({ page, line, message: '<Snippet> only works in .mdx pages' });
      continue;
    }
    SNIPPET_TAG.lastIndex = start.index;
    const tag = SNIPPET_TAG.exec(masked);
    const message = tag ? checkSnippetTag(tag[1], rootDir) : 'cannot parse this <Snippet> tag';
    if (message) problems.push({ page, line, message });
  }
  return { problems, snippetCount };
}

/** Checks every `.md`/`.mdx` page under `pagesDir`; snippet files are resolved from `rootDir`. */
export function checkSnippets(pagesDir: string, rootDir: string): CheckResult {
  const pages = listPages(pagesDir);
  const results = pages.map((path) => checkPage(path, rootDir));
  return {
    problems: results.flatMap((result) => result.problems),
    snippetCount: results.reduce((sum, result) => sum + result.snippetCount, 0),
    pageCount: pages.length,
  };
}

export function formatProblem({ page, line, message }: Problem): string {
  return `${page}:${line}: ${message}`;
}

if (import.meta.main) {
  const rootDir = process.cwd();
  const { problems, snippetCount, pageCount } = checkSnippets(
    resolve(rootDir, 'docs/content/docs'),
    rootDir,
  );
  if (problems.length > 0) {
    console.error(`snippets: ${problems.length} problem(s) found`);
    for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
    process.exit(1);
  }
  console.log(`snippets: ${snippetCount} snippets on ${pageCount} pages checked`);
}
