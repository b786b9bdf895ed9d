import assert from 'node:assert/strict';
import path from 'node:path';
import { startJobProgram } from '../bench/processes.ts';

const fixture = path.join(import.meta.dirname, 'fixtures/job-program.ts');

describe('benchmark job programs', () => {
  it('when a job program is asked for rounds, then each report counts its own jobs, time and CPU, and the program stops when asked', async () => {
    const program = await startJobProgram(fixture, {});
    try {
      const first = await program.run(2_000);
      const second = await program.run(20_000);

      assert.equal(first.jobs, 2_000);
      assert.equal(second.jobs, 20_000);
      for (const report of [first, second]) {
        assert.ok(report.seconds > 0, 'a round takes some time');
        assert.ok(report.peakRssBytes > 0, 'the peak memory so far comes with each report');
      }
      assert.ok(second.cpuMicros > first.cpuMicros, 'ten times the jobs cost more CPU');
    } finally {
      await program.stop();
    }
  });

  it('when a job program fails before it is ready, then starting it fails with what it printed', async () => {
    await assert.rejects(
      startJobProgram(fixture, { FAIL_AT_START: '1' }),
      /exited \(code 1\)[\s\S]*this job program was told to fail/,
    );
  });
});
