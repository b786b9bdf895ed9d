import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSnippets, formatProblem } from '../check-snippets.ts';

const root = path.resolve(import.meta.dirname, '../..');
const pages = 'docs/content/docs';
const modelFile = 'reference-app/src/database/models/user-model.ts';

describe('the real site', () => {
  let copy: string;
  beforeEach(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'real-site-'));
    const sources = [
      pages,
      'reference-app/src',
      'reference-app/test',
      'reference-app/.dependency-cruiser.cjs',
      'migrations',
      'docs/plugins',
    ];
    for (const source of sources) {
      cpSync(path.join(root, source), path.join(copy, source), { recursive: true });
    }
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('when the site is checked as it is, then every snippet resolves', () => {
    const { problems } = checkSnippets(path.join(root, pages), root);

    assert.deepEqual(problems.map(formatProblem), []);
  });

  it('when a region marker a page uses is deleted, then the check names the page, the file and the region', () => {
    const file = path.join(copy, modelFile);
    writeFileSync(file, readFileSync(file, 'utf8').replace('// #region user-model\n', ''));

    const messages = checkSnippets(path.join(copy, pages), copy).problems.map(formatProblem);

    const problem = messages.find((message) => message.includes('models.mdx'));
    assert.ok(problem, messages.join('\n'));
    assert.match(problem, new RegExp(modelFile.replaceAll('.', '\\.')));
    assert.match(problem, /user-model/);
  });
});
