import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { originalPageRedirects, originalPages } from '../../docs/plugins/original-pages.ts';

const pagesDir = path.resolve(import.meta.dirname, '../../docs/content/docs');

function pageExists(sitePath: string): boolean {
  const base = sitePath ? path.join(pagesDir, sitePath) : pagesDir;
  return (
    ['.mdx', '.md'].some((ext) => existsSync(`${base}${ext}`)) ||
    existsSync(path.join(base, 'index.mdx'))
  );
}

describe("the original site's pages", () => {
  for (const [original, current] of Object.entries(originalPages)) {
    it(`when /docs/${original} is asked for, then a page exists at /${current}`, () => {
      assert.ok(pageExists(current), `no page for ${current} (the original ${original || 'home'})`);
    });
  }

  it('when a page was renamed, then its old path redirects to the new one', () => {
    const redirects = originalPageRedirects();

    assert.equal(redirects['/reference/libraries/alchemy'], '/reference/libraries/database/');
    assert.equal(redirects['/reference/libraries/sqs'], '/reference/libraries/queue/');
    assert.equal(redirects['/docs/reference/api/controller'], '/reference/api/controller/');
  });
});
