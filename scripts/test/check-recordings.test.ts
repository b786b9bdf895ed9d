import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { staleRecordings } from '../check-recordings.ts';

describe('staleRecordings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'recordings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when every recording was made by this run, then none is stale', () => {
    writeFileSync(path.join(dir, 'login.http'), '');
    writeFileSync(path.join(dir, 'trace.txt'), '');
    writeFileSync(path.join(dir, '.recorded'), 'login.http\nlogin.http\ntrace.txt\n');

    assert.deepEqual(staleRecordings(dir), []);
  });

  it('when a recording or transcript was not made by any test of this run, then it is named as stale', () => {
    writeFileSync(path.join(dir, 'login.http'), '');
    writeFileSync(path.join(dir, 'gone.http'), '');
    writeFileSync(path.join(dir, 'gone.txt'), '');
    writeFileSync(path.join(dir, '.recorded'), 'login.http\n');

    assert.deepEqual(staleRecordings(dir).sort(), ['gone.http', 'gone.txt']);
  });

  it('when no test recorded anything, then the check fails instead of passing on nothing', () => {
    assert.equal(staleRecordings(dir).length, 1);
  });
});
