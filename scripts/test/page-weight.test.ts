import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { javascriptBytes } from '../page-weight.ts';

describe('javascriptBytes', () => {
  let dist: string;
  beforeEach(() => {
    dist = mkdtempSync(path.join(tmpdir(), 'dist-'));
    mkdirSync(path.join(dist, '_astro'));
  });
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  it('when a page loads a module that imports another, then both count once, with inline scripts', () => {
    writeFileSync(path.join(dist, '_astro/shared.js'), 'export const a=1;'); // 17 bytes
    writeFileSync(
      path.join(dist, '_astro/page.js'),
      'import{a}from"./shared.js";import"./shared.js";',
    ); // 47 bytes
    writeFileSync(path.join(dist, '_astro/lazy.js'), 'x'.repeat(1000));
    writeFileSync(
      path.join(dist, 'index.html'),
      '<script type="module" src="/_astro/page.js"></script><script>let b=2;</script><script>import("/_astro/lazy.js")</script>',
    );

    const bytes = javascriptBytes(dist, path.join(dist, 'index.html'));

    assert.equal(bytes, 47 + 17 + 'let b=2;'.length + 'import("/_astro/lazy.js")'.length);
  });
});
