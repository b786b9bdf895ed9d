import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A directory has `children` (possibly empty); a file has none. */
export type TreeNode = { name: string; children?: TreeNode[] };

export type TreeOptions = { depth?: number; dirsOnly?: boolean };

export function isSkipped(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

function sortNodes(nodes: TreeNode[]): TreeNode[] {
  return [...nodes].sort((a, b) => {
    const aIsDir = a.children !== undefined;
    const bIsDir = b.children !== undefined;
    if (aIsDir !== bIsDir) return aIsDir ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

function renderLevel(nodes: TreeNode[], prefix: string, level: number, options: TreeOptions) {
  if (options.depth !== undefined && level > options.depth) return [];
  const visible = sortNodes(
    nodes.filter((n) => !isSkipped(n.name) && (!options.dirsOnly || n.children !== undefined)),
  );
  return visible.flatMap((node, index): string[] => {
    const isLast = index === visible.length - 1;
    const label = node.children ? `${node.name}/` : node.name;
    const line = `${prefix}${isLast ? '└── ' : '├── '}${label}`;
    if (!node.children) return [line];
    const childPrefix = prefix + (isLast ? '    ' : '│   ');
    return [line, ...renderLevel(node.children, childPrefix, level + 1, options)];
  });
}

/** Renders nodes like `tree -F`: directories first, then files, each sorted by name. */
export function renderTree(rootLabel: string, nodes: TreeNode[], options: TreeOptions = {}) {
  return [`${rootLabel}/`, ...renderLevel(nodes, '', 1, options)].join('\n');
}

/** Reads a directory into TreeNodes; skipped entries are not descended into. */
export function readTree(dir: string, depth = Number.POSITIVE_INFINITY): TreeNode[] {
  if (depth < 1) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !isSkipped(entry.name))
    .map((entry) =>
      entry.isDirectory()
        ? { name: entry.name, children: readTree(join(dir, entry.name), depth - 1) }
        : { name: entry.name },
    );
}
