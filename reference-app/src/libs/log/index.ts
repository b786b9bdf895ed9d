import { type DestinationStream, type Logger, pino } from 'pino';
import { currentContext } from '../../common/request-context.ts';
import { activeTraceIds } from '../telemetry/tracing.ts';

export type { Logger };

// #region logger
/**
 * JSON lines everywhere; human-friendly when a person watches: a terminal (LOG_FORMAT=auto), or
 * `npm run dev`, whose output reaches the terminal through a pipe (LOG_FORMAT=pretty).
 * Every line carries the request id of the request or job it belongs to, and inside a span the
 * trace's and span's ids, so that a line leads to its trace.
 */
export function createLogger(
  { config }: { config: { LOG_LEVEL: string; LOG_FORMAT: 'auto' | 'json' | 'pretty' } },
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.LOG_LEVEL,
    mixin: () => ({ requestId: currentContext()?.requestId, ...activeTraceIds() }),
  };
  if (destination) return pino(options, destination);
  const pretty =
    config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && process.stdout.isTTY);
  if (pretty) return pino({ ...options, transport: { target: 'pino-pretty' } });
  // One write per line, as it comes, as pino does by default. The asynchronous destination hands
  // each write to libuv's thread pool: a server that is not saturated, which gets one request at a
  // time, then pays a thread's wake-up per line, about a sixth of a health check's CPU here (see
  // the Performance guide); under load both cost the same.
  return pino(options, pino.destination({ dest: 1, sync: true }));
}
// #endregion logger
