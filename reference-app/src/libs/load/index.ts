import { monitorEventLoopDelay } from 'node:perf_hooks';

export type Overload = 'event-loop-delay' | 'requests-in-flight';

// #region load-monitor
export interface LoadMonitor {
  /** Why a new request would only make things worse now, or undefined when it is welcome. */
  overload(): Overload | undefined;
  /** Counts `work` as in flight while it runs. */
  track<T>(work: () => Promise<T>): Promise<T>;
  close(): void;
}

const SAMPLE_INTERVAL_MS = 500;

/**
 * The event loop's longest delay over the last half second (Node's own histogram, as fastify's
 * under-pressure reads it) and the requests in flight, each against its limit.
 */
export function createLoadMonitor({
  config,
}: {
  config: { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: number; OVERLOAD_MAX_IN_FLIGHT: number };
}): LoadMonitor {
  const delays = monitorEventLoopDelay({ resolution: 10 });
  delays.enable();
  let delayMs = 0;
  let inFlight = 0;
  const sampler = setInterval(() => {
    delayMs = delays.max / 1e6;
    delays.reset();
  }, SAMPLE_INTERVAL_MS).unref();
  return {
    overload() {
      if (delayMs > config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS) return 'event-loop-delay';
      if (inFlight >= config.OVERLOAD_MAX_IN_FLIGHT) return 'requests-in-flight';
      return undefined;
    },
    async track(work) {
      inFlight += 1;
      try {
        return await work();
      } finally {
        inFlight -= 1;
      }
    },
    close() {
      clearInterval(sampler);
      delays.disable();
    },
  };
}
// #endregion load-monitor
