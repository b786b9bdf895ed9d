import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { asPinnedClient, cpusOf, pinning, placeServers } from '../bench/cpu-pinning.ts';
import { startServer } from '../bench/processes.ts';
import { baseline } from '../bench/run.ts';

/** The CPUs each thread of a process may run on, as the kernel says. */
const allowedCpus = (pid: number | 'self') =>
  readdirSync(`/proc/${pid}/task`).map((thread) =>
    cpusOf(
      /^Cpus_allowed_list:\s+(\S+)$/m.exec(
        readFileSync(`/proc/${pid}/task/${thread}/status`, 'utf8'),
      )?.[1] ?? '',
    ),
  );

describe('benchmark CPU pinning', () => {
  it('when taskset lists CPUs, then single CPUs and ranges are read', () => {
    assert.deepEqual(cpusOf('0,2-4,7'), [0, 2, 3, 4, 7]);
    assert.throws(() => cpusOf('a-b'), /Not a CPU list/);
  });

  it('when the machine has two CPUs or more, then the benchmark keeps one and has a spare', () => {
    assert.ok(availableParallelism() >= 2, 'this test needs a machine with two CPUs or more');
    assert.ok(pinning, 'taskset should be there (util-linux)');
    assert.notEqual(pinning.ours, pinning.spare);
  });

  it("when the benchmark starts a server, then every thread of it runs on the benchmark's CPU, and moves to the spare one for load", async () => {
    const server = await startServer(baseline('bare-http.ts'), {});
    try {
      const started = allowedCpus(server.pid);
      placeServers([server.pid], 'apart');
      const apart = allowedCpus(server.pid);

      assert.ok(started.length > 1);
      for (const cpus of started) assert.deepEqual(cpus, [pinning?.ours]);
      for (const cpus of apart) assert.deepEqual(cpus, [pinning?.spare]);
    } finally {
      await server.stop();
    }
  });

  it("when the load generator measures, then it runs on the benchmark's CPU, and on every CPU afterwards", async () => {
    const during = await asPinnedClient(async () => allowedCpus('self'));

    for (const cpus of during) assert.deepEqual(cpus, [pinning?.ours]);
    for (const cpus of allowedCpus('self')) assert.deepEqual(cpus, cpusOf(pinning?.all ?? ''));
  });
});
