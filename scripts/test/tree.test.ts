import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTree, renderTree, type TreeNode } from '../../docs/plugins/tree.ts';

function lines(...text: string[]): string {
  return text.join('\n');
}

const nodes: TreeNode[] = [
  { name: 'main.ts' },
  { name: 'services', children: [{ name: 'users', children: [{ name: 'user-service.ts' }] }] },
  { name: 'api', children: [] },
  { name: '.env' },
  { name: 'node_modules', children: [{ name: 'koa' }] },
];

describe('renderTree', () => {
  it('when given files and folders, then folders come first, sorted, in tree style', () => {
    // Arrange
    const root = 'src';

    // Act
    const tree = renderTree(root, nodes);

    // Assert
    assert.equal(
      tree,
      lines(
        'src/',
        '├── api/',
        '├── services/',
        '│   └── users/',
        '│       └── user-service.ts',
        '└── main.ts',
      ),
    );
  });

  it('when a depth is given, then deeper entries are left out', () => {
    // Arrange
    const options = { depth: 2 };

    // Act
    const tree = renderTree('src', nodes, options);

    // Assert
    assert.equal(tree, lines('src/', '├── api/', '├── services/', '│   └── users/', '└── main.ts'));
  });

  it('when dirsOnly is set, then files are left out', () => {
    // Arrange
    const options = { dirsOnly: true };

    // Act
    const tree = renderTree('src', nodes, options);

    // Assert
    assert.equal(tree, lines('src/', '├── api/', '└── services/', '    └── users/'));
  });

  it('when the folder is empty, then only the root is rendered', () => {
    // Arrange
    const empty: TreeNode[] = [];

    // Act
    const tree = renderTree('src', empty);

    // Assert
    assert.equal(tree, 'src/');
  });
});

describe('readTree', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tree-test-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when reading a folder, then node_modules and dot-files are skipped and empty folders kept', () => {
    // Arrange
    mkdirSync(join(dir, 'node_modules/koa'), { recursive: true });
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib/log.ts'), '');
    writeFileSync(join(dir, '.env'), '');

    // Act
    const tree = renderTree('src', readTree(dir));

    // Assert
    assert.equal(tree, lines('src/', '├── empty/', '└── lib/', '    └── log.ts'));
  });
});
