import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { leaseMs } from '../../src/services/outbox/lease.ts';
import { emailBroker } from '../../src/worker/brokers/email-broker.ts';
import { type Drill, drillStack, stopsCleanly } from '../support/drill-stack.ts';
import { REDIS_OUTAGE_MS } from '../support/drill-timings.ts';
import { testConfig, testEnvironment } from '../support/environment.ts';
import { eventually } from '../support/wait.ts';

type User = { id: string; email: string };

/** What a drill leaves to check: who was welcomed how often, how fast, and what the report says. */
interface Outcome {
  users: User[];
  mailsPerUser: number[];
  /** From the end of the fault to the last welcome. */
  recoveryMs: number;
  republished: number;
  deadLetters: number;
  /** The worker's warnings that the relay could not publish. */
  relayWarnings: number;
}

// The default settings, as a worker without any variable set runs them.
const defaults = testConfig({
  OUTBOX_LEASE_MARGIN_MS: undefined,
  OUTBOX_SWEEP_INTERVAL_MS: undefined,
});
const welcomeRoute = emailBroker.tasks['send-welcome-email'];
/** How long a job Redis lost may take to come back: its lease, one sweep, a margin for the work. */
const lostJobBoundMs =
  leaseMs(welcomeRoute ?? { timeoutMs: 0 }, defaults.OUTBOX_LEASE_MARGIN_MS) +
  defaults.OUTBOX_SWEEP_INTERVAL_MS +
  15_000;

const internalKey = {
  'x-internal-key': testEnvironment.INTERNAL_API_KEYS.split(',')[0]?.split('=')[1] ?? '',
};

/** Runs a drill on a stack of its own with one worker at its default settings; always cleans up. */
async function drill(
  smtpDelayMs: number,
  fault: (drill: Drill) => Promise<{ users: User[]; faultEndedAt: number }>,
): Promise<Outcome> {
  const stack = await drillStack(smtpDelayMs);
  try {
    const worker = await stack.startWorker({
      OUTBOX_LEASE_MARGIN_MS: '',
      OUTBOX_SWEEP_INTERVAL_MS: '',
      OUTBOX_POLL_INTERVAL_MS: '',
      QUEUE_STALL_INTERVAL_MS: '',
    });
    const { users, faultEndedAt } = await fault(stack);
    await eventually(
      async () => ((await stack.welcomed(users)) === users.length ? true : undefined),
      lostJobBoundMs + 60_000,
    );
    const recoveryMs = Date.now() - faultEndedAt;
    const report = (await stack.api.get('/api/internal/queues', internalKey)).body;
    const welcome = report.tasks.find(
      (task: { task: string }) => task.task === 'send-welcome-email',
    );
    await stopsCleanly(worker);
    return {
      users,
      mailsPerUser: users.map((user) => stack.smtp.countTo(user.email)),
      recoveryMs,
      republished: welcome.republished,
      deadLetters: welcome.deadLettered,
      relayWarnings: worker.output().split('relay cannot publish').length - 1,
    };
  } finally {
    await stack.destroy();
  }
}

/** Waits until at least `count` welcome jobs wait in the drill's Redis. */
async function jobsWaiting(stack: Drill, count: number) {
  const redis = new Redis(stack.redis.url);
  try {
    await eventually(async () => {
      const waiting = await redis.llen(`${stack.stack.env.QUEUE_PREFIX}:email:waiting`);
      return waiting >= count ? true : undefined;
    }, 40_000);
  } finally {
    redis.disconnect();
  }
}

/** Settles a promise now, so that a drill that fails early is not an unhandled rejection. */
function settled<T>(promise: Promise<T>) {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return async () => {
    const result = await outcome;
    if ('error' in result) throw result.error;
    return result.value;
  };
}

function assertEachWelcomedOnce(outcome: Outcome) {
  assert.deepEqual(
    outcome.mailsPerUser,
    outcome.users.map(() => 1),
  );
}

// #region outage-drills
/** Redis restarted without persistence while welcome jobs wait in it. */
async function restartEmptyWithJobsWaiting(stack: Drill) {
  // Restarted as soon as enough wait, while sign-ups go on: on a slow machine the worker could
  // otherwise drain the queue before the last sign-up.
  const signingUp = stack.register(40);
  await jobsWaiting(stack, 10);
  await stack.redis.restartEmpty();
  const faultEndedAt = Date.now();
  return { users: await signingUp, faultEndedAt };
}

/** FLUSHALL twice while people sign up. */
async function flushTwiceDuringSignUps(stack: Drill) {
  const flush = async () => {
    const redis = new Redis(stack.redis.url);
    await redis.flushall();
    redis.disconnect();
  };
  const users = await stack.register(20);
  await flush();
  users.push(...(await stack.register(20)));
  await flush();
  users.push(...(await stack.register(10)));
  return { users, faultEndedAt: Date.now() };
}

/** Redis killed for REDIS_OUTAGE_MS while people sign up; it comes back empty. */
async function redisDownDuringSignUps(stack: Drill) {
  const users = await stack.register(10);
  await stack.redis.stop();
  const outageEnds = Date.now() + REDIS_OUTAGE_MS;
  users.push(...(await stack.register(20)));
  await sleep(outageEnds - Date.now());
  await stack.redis.start();
  return { users, faultEndedAt: Date.now() };
}

/** The mail server down for more than a minute, from before the sign-ups. */
async function smtpDownForMoreThanAMinute(stack: Drill) {
  await stack.smtp.stop();
  const users = await stack.register(10);
  await sleep(65_000);
  await stack.smtp.start();
  return { users, faultEndedAt: Date.now() };
}

describe('drills: Redis forgets, Redis goes away, the mail server goes away (default settings)', function () {
  // Each drill waits out a real lease or a real backoff, about a minute: they run at once, each on
  // a system of its own (database, Redis, SMTP server, API, worker process), and are checked here.
  this.timeout(lostJobBoundMs + 120_000);
  let restartedEmpty: () => Promise<Outcome>;
  let flushedTwice: () => Promise<Outcome>;
  let redisDown: () => Promise<Outcome>;
  let smtpDown: () => Promise<Outcome>;
  before(() => {
    // A slow mail server (3 s or 1 s a message, five at a time) keeps jobs waiting in Redis.
    restartedEmpty = settled(drill(3_000, restartEmptyWithJobsWaiting));
    flushedTwice = settled(drill(1_000, flushTwiceDuringSignUps));
    redisDown = settled(drill(100, redisDownDuringSignUps));
    smtpDown = settled(drill(0, smtpDownForMoreThanAMinute));
  });

  it('when Redis restarts empty while welcome jobs wait in it, then every user is welcomed once, within a lease of its return, and the report counts the republished jobs', async () => {
    const outcome = await restartedEmpty();

    assertEachWelcomedOnce(outcome);
    assert.ok(outcome.recoveryMs < lostJobBoundMs, `welcomed ${outcome.recoveryMs} ms after`);
    assert.ok(outcome.republished >= 10, `${outcome.republished} republished`);
  });

  it('when Redis is flushed twice during sign-ups, then every user is welcomed once, within a lease, and the report counts the republished jobs', async () => {
    const outcome = await flushedTwice();

    assertEachWelcomedOnce(outcome);
    assert.ok(outcome.recoveryMs < lostJobBoundMs, `welcomed ${outcome.recoveryMs} ms after`);
    assert.ok(outcome.republished > 0, `${outcome.republished} republished`);
  });

  it('when Redis is down for 20 s during sign-ups, then they all answer 201, every user is welcomed once after it returns, and the relay said so once', async () => {
    const outcome = await redisDown();

    assert.equal(outcome.users.length, 30);
    assertEachWelcomedOnce(outcome);
    assert.ok(outcome.recoveryMs < lostJobBoundMs, `welcomed ${outcome.recoveryMs} ms after`);
    assert.equal(outcome.relayWarnings, 1);
  });

  it('when the mail server is down for more than a minute, then every email goes out once when it returns, and none is dead-lettered', async () => {
    const outcome = await smtpDown();

    assertEachWelcomedOnce(outcome);
    assert.equal(outcome.deadLetters, 0);
  });
});
// #endregion outage-drills
