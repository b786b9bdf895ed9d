import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diagramProblems, layerRows } from '../../docs/plugins/layers.ts';

describe('the layer diagram', () => {
  it('when compared with the real reference-app/src, then it names every folder and only real ones', () => {
    assert.deepEqual(
      diagramProblems(path.resolve(import.meta.dirname, '../../reference-app/src')),
      [],
    );
  });

  it('when a folder is missing or a new one is not drawn, then each is named as a problem', () => {
    const src = mkdtempSync(path.join(tmpdir(), 'src-'));
    try {
      for (const folder of layerRows
        .flatMap((row) => row.folders)
        .filter((folder) => folder !== 'libs')) {
        mkdirSync(path.join(src, folder), { recursive: true });
      }
      mkdirSync(path.join(src, 'plugins'));

      assert.deepEqual(diagramProblems(src), [
        `the diagram names libs, which is not a folder of ${src}`,
        'the diagram leaves out the folder plugins',
      ]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});
