import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createObjectStorage } from '../../src/libs/s3/index.ts';
import { testConfig } from '../support/environment.ts';

describe('object storage (the run’s own S3 server)', () => {
  it('when several workers make sure of a new bucket at the same moment, then all succeed', async () => {
    const config = testConfig({ S3_BUCKET: `race-${randomUUID().slice(0, 8)}` });
    const workers = Array.from({ length: 8 }, () => createObjectStorage({ config }));

    const outcomes = await Promise.allSettled(workers.map((storage) => storage.ensureBucket()));

    assert.deepEqual(
      outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ok')),
      workers.map(() => 'ok'),
    );
    await Promise.all(workers.map((storage) => storage.close()));
  });
});
