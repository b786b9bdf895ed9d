import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSnippets, formatProblem } from '../check-snippets.ts';

const FIXTURE_SITE = new URL('./fixtures/site', import.meta.url);

describe('checkSnippets', () => {
  let site: string;

  function check() {
    const result = checkSnippets(join(site, 'pages'), site);
    return { ...result, messages: result.problems.map(formatProblem) };
  }

  function edit(path: string, change: (text: string) => string) {
    const full = join(site, path);
    writeFileSync(full, change(readFileSync(full, 'utf8')));
  }

  beforeEach(() => {
    site = mkdtempSync(join(tmpdir(), 'check-snippets-'));
    cpSync(FIXTURE_SITE, site, { recursive: true });
  });

  afterEach(() => {
    rmSync(site, { recursive: true, force: true });
  });

  it('when every snippet resolves, then there is no problem and real usages are counted', () => {
    // Arrange: the fixture site as it is

    // Act
    const { messages, snippetCount, pageCount } = check();

    // Assert
    assert.deepEqual(messages, []);
    assert.deepEqual({ snippetCount, pageCount }, { snippetCount: 2, pageCount: 2 });
  });

  it('when a region marker is removed, then the problem names the page, the file and the region', () => {
    // Arrange
    edit('source/users.ts', (text) => text.replace('// #region create-user\n', ''));

    // Act
    const { messages } = check();

    // Assert
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^pages\/index\.mdx:9: /);
    assert.match(messages[0], /file="source\/users\.ts"/);
    assert.match(messages[0], /region="create-user"/);
  });

  it('when both markers of a region are removed, then the region is reported as not found', () => {
    // Arrange
    edit('source/users.ts', (text) => text.replace(/\/\/ #(end)?region create-user\n/g, ''));

    // Act
    const { messages } = check();

    // Assert
    assert.deepEqual(messages, [
      'pages/index.mdx:9: <Snippet file="source/users.ts" region="create-user">: ' +
        'region "create-user" not found in source/users.ts (regions there: validate)',
    ]);
  });

  it('when the snippet file does not exist, then the problem names the page and the file', () => {
    // Arrange
    rmSync(join(site, 'source/schema.sql'));

    // Act
    const { messages } = check();

    // Assert
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^pages\/index\.mdx:13: .*file "source\/schema\.sql" not found/);
  });

  it('when a region is declared twice, then the check fails naming the region', () => {
    // Arrange
    edit(
      'source/schema.sql',
      (text) => `${text}-- #region users-table\n-- #endregion users-table\n`,
    );

    // Act
    const { messages } = check();

    // Assert
    assert.equal(messages.length, 1);
    assert.match(messages[0], /region "users-table" is declared twice/);
  });

  it('when a page has hand-written ts, sql or json blocks, then each one is reported with its line', () => {
    // Arrange
    edit('pages/guides/plain.md', (text) =>
      [
        text,
        '```ts',
        'const a = 1;',
        '```',
        '~~~sql',
        'SELECT 1;',
        '~~~',
        '```json',
        '{}',
        '```',
      ].join('\n'),
    );

    // Act
    const { messages } = check();

    // Assert
    assert.deepEqual(messages, [
      'pages/guides/plain.md:11: hand-written `ts` code block: show real code with <Snippet file="…" region="…" />',
      'pages/guides/plain.md:14: hand-written `sql` code block: show real code with <Snippet file="…" region="…" />',
      'pages/guides/plain.md:17: hand-written `json` code block: show real code with <Snippet file="…" region="…" />',
    ]);
  });

  it('when a fence has a title after the language, then the language is still recognised', () => {
    // Arrange
    edit('pages/index.mdx', (text) => `${text}\n\`\`\`typescript title="x.ts"\nlet x;\n\`\`\`\n`);

    // Act
    const { messages } = check();

    // Assert
    assert.equal(messages.length, 1);
    assert.match(messages[0], /hand-written `typescript` code block/);
  });

  it('when the file is not a string literal, then the snippet is reported as uncheckable', () => {
    // Arrange
    edit('pages/index.mdx', (text) => `${text}\n<Snippet file={path} />\n`);

    // Act
    const { messages } = check();

    // Assert
    assert.equal(messages.length, 1);
    assert.match(messages[0], /must be string literals/);
  });

  it('when a plain .md page uses <Snippet>, then it is reported because only MDX renders it', () => {
    // Arrange
    edit('pages/guides/plain.md', (text) => `${text}\n<Snippet file="source/users.ts" />\n`);

    // Act
    const { messages } = check();

    // Assert
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^pages\/guides\/plain\.md:\d+: <Snippet> only works in \.mdx pages/);
  });
});
