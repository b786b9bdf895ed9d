// Finds the <Snippet> tags of the site's pages: the snippet check verifies each, and the site
// gives every file they quote a page of its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FENCE = /^\s*(`{3,}|~{3,})(.*)$/;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;
export const SNIPPET_START = /<Snippet\b/g;
export const SNIPPET_TAG = /<Snippet((?:\s+[\w-]+(?:=(?:"[^"]*"|'[^']*'|\{[^}]*\}))?)*)\s*\/?>/y;
const ATTRIBUTE = /([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|\{([^}]*)\}))?/g;
const STRING_EXPRESSION = /^\s*(?:"([^"]*)"|'([^']*)'|`([^`$]*)`)\s*$/;

export type Fence = { lang: string; line: number };

export function listPages(pagesDir: string): string[] {
  return readdirSync(pagesDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.mdx?$/.test(path))
    .map((path) => join(pagesDir, path))
    .sort();
}

/** Blanks out fenced blocks and inline code, so examples of `<Snippet>` in them are not checked. */
export function maskCode(text: string): { masked: string; fences: Fence[] } {
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

export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

export function parseAttributes(source: string): Map<string, string | { expression: string }> {
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

/** Every file a page quotes with a literal `file` attribute, sorted, once each. */
export function quotedFiles(pagesDir: string): string[] {
  const files = new Set<string>();
  for (const page of listPages(pagesDir)) {
    const { masked } = maskCode(readFileSync(page, 'utf8'));
    for (const start of masked.matchAll(SNIPPET_START)) {
      SNIPPET_TAG.lastIndex = start.index;
      const tag = SNIPPET_TAG.exec(masked);
      const file = tag && parseAttributes(tag[1]).get('file');
      if (typeof file === 'string') files.add(file);
    }
  }
  return [...files].sort();
}
