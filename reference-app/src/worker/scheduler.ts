import { CronExpressionParser } from 'cron-parser';
import type { Logger } from '../libs/log/index.ts';
import type { RedisLib } from '../libs/redis/index.ts';
import type { ScheduleService } from '../services/jobs/schedule-service.ts';
import type { Schedule } from './brokers/index.ts';
import { startLoop } from './loop.ts';

export const SLOT_LOCK_TTL_SECONDS = 7 * 24 * 3600;

/** How often each worker's scheduler looks for a slot that has come. */
export const SCHEDULER_TICK_MS = 15_000;

/** What the scheduler runs with, taken from the container once when the worker starts. */
export interface SchedulerDependencies {
  logger: Logger;
  redis: RedisLib;
  config: { REDIS_KEY_PREFIX: string };
  scheduleService: ScheduleService;
}

/** The latest time at or before `now` that the cron expression names. */
export function latestSlot(cron: string, now: Date): Date {
  const expression = CronExpressionParser.parse(cron, {
    currentDate: new Date(now.getTime() + 1),
    tz: 'UTC',
  });
  return expression.prev().toDate();
}

// #region scheduler
/**
 * Every `tickMs`, each schedule's latest slot is claimed with a Redis lock (SET NX): the one
 * worker that wins puts the task in the outbox, so each slot runs once however many workers run.
 */
export function startScheduler(
  { logger, redis, config, scheduleService }: SchedulerDependencies,
  schedules: Schedule[],
  tickMs: number,
) {
  const tick = async (schedule: Schedule) => {
    const slot = latestSlot(schedule.cron, new Date());
    const lock = `${config.REDIS_KEY_PREFIX}:schedule:${schedule.task}:${slot.toISOString()}`;
    if (!(await redis.tryLock(lock, SLOT_LOCK_TTL_SECONDS))) return;
    try {
      await scheduleService.requestRun(schedule.task, slot);
      logger.info({ task: schedule.task, slot }, 'scheduled run requested');
    } catch (error) {
      // Let another tick (or worker) try this slot again.
      await redis.release(lock);
      throw error;
    }
  };
  return startLoop(tickMs, async () => {
    for (const schedule of schedules) {
      await tick(schedule).catch((error: Error) =>
        logger.warn(
          { task: schedule.task, reason: error.message },
          'scheduling failed: the next tick tries again',
        ),
      );
    }
    return 'idle';
  });
}
// #endregion scheduler
