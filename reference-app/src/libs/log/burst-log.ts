// #region burst-log
export interface BurstLog {
  /**
   * Logs the first failure of a burst (failures of one `key` less than `quietMs` apart), then at
   * most one line per `repeatMs` while the burst lasts, with how many it left out.
   */
  warn(key: string, fields: Record<string, unknown>, message: string): void;
}

/** While a burst lasts, one line per this long, with how many it left out. */
export const BURST_REPEAT_MS = 60_000;

/** One warning per outage instead of one per request or row: a dependency down is news once. */
export function createBurstLog(
  logger: { warn(fields: Record<string, unknown>, message: string): void },
  { quietMs = 10_000, repeatMs = BURST_REPEAT_MS } = {},
): BurstLog {
  const bursts = new Map<string, { lastAt: number; loggedAt: number; leftOut: number }>();
  return {
    warn(key, fields, message) {
      const now = Date.now();
      const burst = bursts.get(key);
      if (burst && now - burst.lastAt < quietMs) {
        burst.lastAt = now;
        if (now - burst.loggedAt < repeatMs) {
          burst.leftOut += 1;
          return;
        }
        logger.warn({ ...fields, leftOut: burst.leftOut }, `${message} (still)`);
        Object.assign(burst, { loggedAt: now, leftOut: 0 });
        return;
      }
      bursts.set(key, { lastAt: now, loggedAt: now, leftOut: 0 });
      logger.warn(fields, message);
    },
  };
}
// #endregion burst-log
