import assert from 'node:assert/strict';
import { leaseMs } from '../../src/services/outbox/lease.ts';
import { emailBroker } from '../../src/worker/brokers/email-broker.ts';
import {
  assertEachWelcomedOnce,
  type Drill,
  drillStack,
  stopsCleanly,
} from '../support/drill-stack.ts';
import { exitOf } from '../support/processes.ts';
import { eventually } from '../support/wait.ts';

describe('drills: the worker never loses a job (real processes, own Redis, own SMTP server)', function () {
  this.timeout(90_000);
  let drill: Drill | undefined;
  afterEach(async () => {
    await drill?.destroy();
    drill = undefined;
  });

  // #region kill-drill
  it('when a worker is killed with SIGKILL mid-job, then another worker finishes every job, each once', async () => {
    // A worker killed after its relay took a row, before Redis had the job, leaves the job to its
    // lease: a short margin and a quick sweep keep that wait, and this drill, short.
    const quickRecovery = { OUTBOX_LEASE_MARGIN_MS: '2000', OUTBOX_SWEEP_INTERVAL_MS: '500' };
    const welcomeRoute = emailBroker.tasks['send-welcome-email'] ?? { timeoutMs: 0 };
    const lostJobBoundMs = leaseMs(welcomeRoute, 2_000) + 500 + 15_000;
    drill = await drillStack(2_000);
    const first = await drill.startWorker(quickRecovery);
    const users = await drill.register(4);
    await eventually(async () => (drill?.smtp.receiving() ? true : undefined));

    first.child.kill('SIGKILL');
    await exitOf(first.child);
    const second = await drill.startWorker(quickRecovery);

    await drill.expectEachWelcomedOnce(users, lostJobBoundMs);
    await stopsCleanly(second);
  });
  // #endregion kill-drill

  // #region sigterm-drill
  it('when SIGTERM comes during jobs that finish in time, then they finish and the worker exits 0', async () => {
    drill = await drillStack(500);
    const worker = await drill.startWorker({ SHUTDOWN_TIMEOUT_MS: '5000' });
    const users = await drill.register(3);
    await eventually(async () => (drill?.smtp.receiving() ? true : undefined));

    worker.child.kill('SIGTERM');

    assert.equal(await exitOf(worker.child), 0, worker.output());
    assert.equal(await drill.welcomed(users), users.length);
    assertEachWelcomedOnce(drill.smtp, users);
  });

  it('when SIGTERM comes during jobs longer than the shutdown limit, then it exits 0 and they are redelivered', async () => {
    drill = await drillStack(3_000);
    const first = await drill.startWorker({ SHUTDOWN_TIMEOUT_MS: '300' });
    const users = await drill.register(3);
    await eventually(async () => (drill?.smtp.receiving() ? true : undefined));

    first.child.kill('SIGTERM');

    assert.equal(await exitOf(first.child), 0, first.output());
    const second = await drill.startWorker();
    await drill.expectEachWelcomedOnce(users);
    await stopsCleanly(second);
  });
  // #endregion sigterm-drill
});
