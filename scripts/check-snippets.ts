import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
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

const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;
const SNIPPET_START = /<Snippet\b/g;
const SNIPPET_TAG = /<Snippet((?:\s+[\w-]+(?:=(?:"[^"]*"|'[^']*'|\{[^}]*\}))?)*)\s*\/?>/y;
const ATTRIBUTE = /([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|\{([^}]*)\}))?/g;
const STRING_EXPRESSION = /^\s*(?:"([^"]*)"|'([^']*)'|`([^`$]*)`)\s*$/;

type Fence = { lang: string; line: number };

function listPages(pagesDir: string): string[] {
  return readdirSync(pagesDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.mdx?$/.test(path))
    .map((path) => join(pagesDir, path))
    .sort();
}

/** Blanks out fenced blocks and inline code, so examples of `<Snippet>` in them are not checked. */
function maskCode(text: string): { masked: string; fences: Fence[] } {
  const fences: Fence[] = [];
  let open: { marker: string } | undefined;
  const lines = text.split('\n').map((line, index) => {
    const fence = FENCE.exec(line);
    if (open) {
      const closes = fence?.[1].startsWith(open.marker) && fence[2].trim() === '';
      if (closes) open = undefined;
      return '';
    }
    if (fence) {
      open = { marker: fence[1] };
      fences.push({ lang: fence[2].trim().split(/\s+/)[0].toLowerCase(), line: index + 1 });
      return '';
    }
    return line.replace(INLINE_CODE, (span) => ' '.repeat(span.length));
  });
  return { masked: lines.join('\n'), fences };
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function parseAttributes(source: string): Map<string, string | { expression: string }> {
  const attributes = new Map<string, string | { expression: string }>();
  for (const [, name, double, single, expression] of source.matchAll(ATTRIBUTE)) {
    if (expression === undefined) {
      attributes.set(name, double ?? single ?? '');
      continue;
    }
    const literal = STRING_EXPRESSION.exec(expression);
    attributes.set(name, literal ? (literal[1] ?? literal[2] ?? literal[3]) : { expression });
  }
  return attributes;
}

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
