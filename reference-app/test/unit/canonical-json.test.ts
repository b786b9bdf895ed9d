import assert from 'node:assert/strict';
import { canonicalJson } from '../../src/utils/canonical-json.ts';

describe('canonicalJson', () => {
  it('when two values differ only in key order, then their text is the same', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: null } }),
      canonicalJson({ a: { c: null, d: [2, { e: 2, f: 1 }] }, b: 1 }),
    );
  });

  it('when values differ, then their text differs; no body reads as null', () => {
    assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: '1' }));
    assert.equal(canonicalJson(undefined), 'null');
  });
});
