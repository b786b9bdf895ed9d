import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Exchange, normalise, record, recordTranscript } from '../support/recorder.ts';

const exchange = (body: object): Exchange => ({
  method: 'GET',
  path: '/api/client/me',
  requestHeaders: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' },
  requestBody: undefined,
  status: 200,
  responseHeaders: new Headers({
    'content-type': 'application/json',
    date: 'Fri, 27 Nov 2026 10:00:00 GMT',
  }),
  responseText: JSON.stringify(body),
});

describe('HTTP example recorder', () => {
  let dir: string;
  const previous = process.env.UPDATE_RECORDINGS;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'recordings-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.UPDATE_RECORDINGS;
    else process.env.UPDATE_RECORDINGS = previous;
  });

  it('when ids, times and tokens change between runs, then the normalised text does not', () => {
    const run = (id: string, at: string) =>
      normalise(`{"id":"${id}","createdAt":"${at}","token":"eyJa.eyJb.c2ln"}`);

    assert.equal(
      run('8c1d3e52-8f54-4a5e-9a55-0a4b7c5e2f10', '2026-11-27T10:00:00.000Z'),
      run('1f7b0b7e-23a6-4f0e-9a31-5b6e2d8c9a01', '2027-01-05T08:30:12.345Z'),
    );
  });

  it('when an age in seconds changes between runs, then the normalised text does not', () => {
    const report = (seconds: number | null) =>
      normalise(`{"task":"send-welcome-email","oldestAgeSeconds":${seconds}}`);

    assert.equal(report(1), report(0));
    assert.notEqual(report(null), report(0));
  });

  it('when a response changes shape without re-recording, then recording fails and shows both', () => {
    process.env.UPDATE_RECORDINGS = '1';
    record('me', exchange({ id: 'a', name: 'Ada' }), dir);
    process.env.UPDATE_RECORDINGS = '';

    assert.throws(
      () => record('me', exchange({ id: 'a', fullName: 'Ada' }), dir),
      /answered differently from the recording me\.http[\s\S]*"name": "Ada"[\s\S]*"fullName": "Ada"/,
    );
  });

  it('when the exchange is unchanged, then recording passes and the name is listed for the freshness check', () => {
    process.env.UPDATE_RECORDINGS = '1';
    record('me', exchange({ id: 'a' }), dir);
    process.env.UPDATE_RECORDINGS = '';

    record('me', exchange({ id: 'a' }), dir);

    assert.deepEqual(readFileSync(path.join(dir, '.recorded'), 'utf8').trim().split('\n'), [
      'me.http',
      'me.http',
    ]);
    assert.doesNotMatch(readFileSync(path.join(dir, 'me.http'), 'utf8'), /eyJ|date:/);
  });

  it('when a transcript differs from its recording, then recording fails and shows both', () => {
    process.env.UPDATE_RECORDINGS = '1';
    recordTranscript('tree', 'POST /api [api]', dir);
    process.env.UPDATE_RECORDINGS = '';

    assert.throws(
      () => recordTranscript('tree', 'GET /api [api]', dir),
      /tree\.txt[\s\S]*POST[\s\S]*GET/,
    );
    assert.match(readFileSync(path.join(dir, '.recorded'), 'utf8'), /^tree\.txt$/m);
  });

  it('when a recording does not exist yet, then it fails saying how to create it', () => {
    process.env.UPDATE_RECORDINGS = '';

    assert.throws(() => record('new', exchange({}), dir), /UPDATE_RECORDINGS=1/);
  });
});
